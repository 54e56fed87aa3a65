-- float arithmetic details
print(0.1 + 0.2 == 0.3, math.abs(0.1 + 0.2 - 0.3) < 1e-15)
print(1e308 * 10, -1e308 * 10, 1e-320 / 1e10)
print(3.0 == 3, 3.5 // 1, 3.5 % 1, -3.5 // 1, -3.5 % 1)
print(2^0.5 * 2^0.5 - 2 < 1e-15)
print(1 / -math.huge, -1 / math.huge == 0)
print(math.fmod(7.5, 2), math.fmod(-7.5, 2), math.fmod(7, -3), math.fmod(-7, 3))
print(7.5 % 2, -7.5 % 2)
print(1e15 // 7, 1e15 % 7)
print(0.0 == -0.0, 1 / 0.0, 1 / -0.0)
local x = 0.0
print(-x, 0 * -1.0)
print(100 * 1.1, 3 * 1.1)
print(2^1023 * 2, 2^-1074, 2^-1075)
