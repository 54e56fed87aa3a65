-- operator precedence and associativity
print(2 + 3 * 4, (2 + 3) * 4)
print(2 ^ 3 ^ 2, (2 ^ 3) ^ 2)       -- ^ is right assoc
print(-2 ^ 2, (-2) ^ 2)             -- unary minus binds looser than ^
print(2 ^ -2)
print(-3 ^ 0.5 ~= -3 ^ 0.5)
print("a" .. "b" .. "c" == "abc")
print(1 .. 2 .. 3)                  -- .. right assoc, numbers coerced
print(1 + 2 .. "")
print(not 1 == 2)                   -- (not 1) == 2
print(not (1 == 2))
print(1 < 2 == true)
print(1 + 2 < 4 and 5 or 6)
print(7 - 3 - 2, 64 / 4 / 2, 2 * 3 % 4)
print(1 | 2 & 3, (1 | 2) & 3, 1 ~ 3 | 4, 1 << 2 + 1, 256 >> 2 * 2)
print(5 & 3 == 1)  -- == binds tighter than &? no: comparison is lower than bitwise
print(#"abc" + 1, -#"ab")
print(2 .. 3 + 1)
print("10" + 1 .. "x")
print(- - -2, not not true)
print(3 // 2 * 2, 3 * 2 // 2, 7 % 4 * 2)
print(1 << 63 >> 63, ~0 >> 1)
print(2 ^ 2 * 3, 2 * 2 ^ 3, -2 ^ -2)
print(1 .. -2, "x" .. - 3)
