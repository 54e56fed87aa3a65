-- __eq __lt __le
local P = {}
local function pt(x) return setmetatable({x = x}, P) end
P.__eq = function(a, b) return a.x == b.x end
P.__lt = function(a, b) return a.x < b.x end
P.__le = function(a, b) return a.x <= b.x end
local a, b, c = pt(1), pt(2), pt(1)
print(a == c, a ~= c, a == b, a < b, a > b, a <= c, a >= b, b >= a)
print(rawequal(a, c), a == a)
-- __eq not called for different types or raw-equal values
local called = 0
local E = {__eq = function() called = called + 1 return true end}
local e1, e2 = setmetatable({}, E), setmetatable({}, E)
print(e1 == e2, e1 == 1, e1 == "x", e1 == e1, called)
-- __eq result converted to boolean
local Z = {__eq = function() return "yes" end, __lt = function() return nil end, __le = function() return 0 end}
local z1, z2 = setmetatable({}, Z), setmetatable({}, Z)
print(z1 == z2, z1 < z2, z1 <= z2)
-- mixed: table with __lt vs number
local N = setmetatable({}, {__lt = function(x, y) return type(x) == "number" end})
print(1 < N, N < 1, N > 1)
print(pcall(function() return setmetatable({}, {}) < setmetatable({}, {}) end))
-- Debian's lua5.4 is built with LUA_COMPAT_LT_LE: __le falls back to not __lt(b, a)
local L = {__lt = function() return true end}
print(pcall(function() return setmetatable({}, L) <= setmetatable({}, L) end))
