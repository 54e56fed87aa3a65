-- exponentiation (always float) and unary operators
print(2 ^ 2, 2 ^ 0, 0 ^ 0, 10 ^ -1, (-8) ^ (1 / 3) ~= (-8) ^ (1 / 3))
print(math.type(2 ^ 2), 4 ^ 0.5, 27 ^ (1 / 3))
print(-2 ^ 2, 2 ^ -2, -2 ^ -2, 2 ^ 3 ^ 2)
print(- -3, -(-3), -(3 - 5), not nil == true)
print(pcall(function() return #"abc" ^ 2 end))  -- # applies to ("abc" ^ 2)
print((#"abc") ^ 2, -#"ab")
print(2 ^ 63 == math.maxinteger + 1.0, 2 ^ 1024, -(2 ^ 1024))
local x = 3
print(-x ^ 2, (-x) ^ 2, x ^ -1)
print(- - - x, ~ ~ x, ~ - x, - ~ x)
