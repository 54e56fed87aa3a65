-- to-be-closed variables in functions called through metamethods
local function mk(name)
  return setmetatable({}, {__close = function(_, e) print("close", name, e) end})
end
local mt = {}
mt.__index = function(t, k)
  local a <close> = mk("index " .. k)
  return k .. "!"
end
mt.__newindex = function(t, k, v)
  local a <close> = mk("newindex " .. k)
  rawset(t, k, v)
end
mt.__add = function(a, b)
  local c <close> = mk("add")
  return 42
end
mt.__eq = function(a, b)
  local c <close> = mk("eq")
  return true
end
mt.__lt = function(a, b)
  local c <close> = mk("lt")
  return false
end
mt.__concat = function(a, b)
  local c <close> = mk("concat")
  return "cat"
end
mt.__call = function(self, x)
  local c <close> = mk("call")
  return x, x
end
mt.__len = function()
  local c <close> = mk("len")
  return 7
end
mt.__unm = function()
  local c <close> = mk("unm")
  error("unm failed", 0)
end
local a = setmetatable({}, mt)
local b = setmetatable({}, mt)
print(a.foo)
a.bar = 1
print(rawget(a, "bar"))
print(a + 1)
print(a == b)
print(a < b)
print(a .. "x")
print(a(5))
print(#a)
print(pcall(function() return -a end))
-- a method called with tbc in the metamethod and the caller
local function user()
  local u <close> = mk("user")
  local r = a.key
  return r, a + a
end
print(user())
-- __close itself uses metamethods
local weird = setmetatable({}, {__close = function(v)
  print("weird close", a.inside, a + 2)
end})
do
  local w <close> = weird
end
-- tostring through __tostring with a tbc variable
local ts = setmetatable({}, {__tostring = function()
  local c <close> = mk("tostring")
  return "TS"
end})
print(tostring(ts))
-- table.sort comparator with a tbc variable
local arr = {3, 1, 2}
local closes = 0
table.sort(arr, function(x, y)
  local c <close> = setmetatable({}, {__close = function() closes = closes + 1 end})
  return x < y
end)
print(arr[1], arr[2], arr[3], closes > 0)
print("done")
