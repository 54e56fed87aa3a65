-- integer wraparound and limits
local maxi, mini = math.maxinteger, math.mininteger
print(maxi, mini)
print(maxi + 1 == mini, mini - 1 == maxi)
print(maxi * 2, mini * -1, -mini)
print(maxi + 1.0, math.type(maxi + 1.0))
print(mini // -1, mini % -1)
print(0x7fffffffffffffff, 0xffffffffffffffff, 0x8000000000000000)
print(0x1ffffffffffffffff)  -- hex literals wrap around
print(9223372036854775807, 9223372036854775808, -9223372036854775808)
print(math.type(9223372036854775808), math.type(-9223372036854775807 - 1))
print(maxi * maxi, mini * mini)
print(1 << 64, 1 << 63, -1 >> 1)
print(math.abs(mini), math.abs(maxi))
print(maxi // 1, maxi / 1)
print(3 * 0x5555555555555556)
