-- _ENV manipulation: sandboxes, local _ENV, upvalue _ENV in loaded chunks
local sandbox = setmetatable({}, {__index = _G})
local f = load("newglobal = 'sandboxed'; return math.floor(2.5)", "sb", "t", sandbox)
print(f(), sandbox.newglobal, newglobal)
local function withenv()
  local _ENV = {tostring = tostring}
  a = 1
  return tostring(a) .. tostring(b)
end
print(withenv(), a)
local e1 = {val = "one"}
local get = load("return val", "g", "t", e1)
print(get())
e1.val = "changed"
print(get())
local ro = setmetatable({}, {__index = _G, __newindex = function(t, k) error("cannot set " .. k, 2) end})
print(pcall(load("x = 1", "ro", "t", ro)))
do
  local print = print
  local _ENV = setmetatable({}, {__index = function(_, k) return "dyn_" .. k end})
  print(anything, other)
end
print(load("return _ENV", "e", "t", "strenv")())
