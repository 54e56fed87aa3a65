-- __tostring, __name, __metatable
local T = {__tostring = function(self) return "T<" .. self.id .. ">" end}
local o = setmetatable({id = 7}, T)
print(tostring(o))
print(o)
local bad = setmetatable({}, {__tostring = function() return 42 end})
print(pcall(tostring, bad))
local named = setmetatable({}, {__name = "Point"})
print((tostring(named):gsub("0x%x+", "ADDR"):gsub(": %x+$", ": ADDR")))
local prot = setmetatable({}, {__metatable = "locked"})
print(getmetatable(prot))
print(pcall(setmetatable, prot, {}))
local prot2 = setmetatable({}, {__metatable = false})
print(getmetatable(prot2))
print(getmetatable("abc").__index == string, getmetatable(1), getmetatable(nil))
print(pcall(setmetatable, {}, 1))
print(pcall(setmetatable, 1, {}))
local t = {}
print(setmetatable(t, nil) == t, getmetatable(t))
local mt = {}
print(getmetatable(setmetatable({}, mt)) == mt)
-- __name appears in error messages
local np = setmetatable({}, {__name = "MyObj"})
print(pcall(function() return np + 1 end))
print(pcall(function() return #nil end))
