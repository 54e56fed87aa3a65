-- arithmetic metamethods: __add __sub __mul __div __mod __pow __unm __idiv
local V = {}
V.__index = V
local function vec(x, y) return setmetatable({x = x, y = y}, V) end
local function lift(a) if type(a) == "number" then return vec(a, a) end return a end
V.__add = function(a, b) a, b = lift(a), lift(b) return vec(a.x + b.x, a.y + b.y) end
V.__sub = function(a, b) a, b = lift(a), lift(b) return vec(a.x - b.x, a.y - b.y) end
V.__mul = function(a, b) a, b = lift(a), lift(b) return vec(a.x * b.x, a.y * b.y) end
V.__div = function(a, b) a, b = lift(a), lift(b) return vec(a.x / b.x, a.y / b.y) end
V.__mod = function(a, b) a, b = lift(a), lift(b) return vec(a.x % b.x, a.y % b.y) end
V.__pow = function(a, b) a, b = lift(a), lift(b) return vec(a.x ^ b.x, a.y ^ b.y) end
V.__idiv = function(a, b) a, b = lift(a), lift(b) return vec(a.x // b.x, a.y // b.y) end
V.__unm = function(a) return vec(-a.x, -a.y) end
V.__tostring = function(a) return "(" .. a.x .. "," .. a.y .. ")" end
local a, b = vec(1, 2), vec(3, 4)
print(tostring(a + b), tostring(a - b), tostring(a * b), tostring(b / a))
print(tostring(b % a), tostring(a ^ 2), tostring(b // 2), tostring(-a))
print(tostring(10 + a), tostring(a + 10), tostring(2 * b - 1))
-- unary minus gets the operand twice
local seen
local U = setmetatable({}, {__unm = function(x, y) seen = rawequal(x, y) return "neg" end})
print(-U, seen)
-- which metamethod is used: first operand, then second
local A = setmetatable({}, {__add = function() return "A" end})
local B = setmetatable({}, {__add = function() return "B" end})
print(A + B, B + A, 1 + B, A + 1)
print(pcall(function() return {} + 1 end))
print(pcall(function() local t = setmetatable({}, {}) return t * 2 end))
-- strings with arithmetic metamethod fallback
local S = setmetatable({}, {__add = function(x, y) return "S+" .. tostring(type(x)) .. type(y) end})
print("abc" + S, S + "1")
