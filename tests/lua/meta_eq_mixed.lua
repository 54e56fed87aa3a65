-- __eq only for tables/userdata with the same-typed operands; result is a boolean
local A = setmetatable({}, {__eq = function() return true end})
local B = setmetatable({}, {__eq = function() return false end})
print(A == B, B == A)        -- first operand's metamethod tried first
print(A == {}, {} == A)       -- the other operand has no metamethod: A's is used either way
print(A ~= B, not (A == B))
local C = {}
print(C == C, A == A)
print(A == 1, 1 == A, A == "A", A == nil)
local t = {}
t[A] = "a"
print(t[A], t[B], t[setmetatable({}, getmetatable(A))])   -- table keys use raw equality
