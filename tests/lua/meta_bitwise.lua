-- bitwise metamethods: __band __bor __bxor __shl __shr __bnot
local M = {}
local function box(v) return setmetatable({v = v}, M) end
local function val(x) return type(x) == "table" and x.v or x end
M.__band = function(a, b) return box(val(a) & val(b)) end
M.__bor = function(a, b) return box(val(a) | val(b)) end
M.__bxor = function(a, b) return box(val(a) ~ val(b)) end
M.__shl = function(a, b) return box(val(a) << val(b)) end
M.__shr = function(a, b) return box(val(a) >> val(b)) end
M.__bnot = function(a) return box(~val(a)) end
local x, y = box(12), box(10)
print((x & y).v, (x | y).v, (x ~ y).v, (x << 2).v, (x >> 2).v, (~x).v)
print((5 & x).v, (1 << box(3)).v)
-- __bnot on a float with fractional part via metamethod-less value errors
print(pcall(function() return ~1.5 end))
-- metamethods are tried for non-integral floats and strings too
local F = setmetatable({}, {__bor = function(a, b) return "bor:" .. type(a) .. "|" .. type(b) end})
print(1.5 | F, F | "s")
print(pcall(function() return 1.5 | 2 end))
print(pcall(function() return {} & 1 end))
