-- comparisons between integers and floats, exact semantics
print(1 < 1.5, 2 > 1.5, 1 <= 1.0, 1 >= 1.0, 1 == 1.0)
local maxi, mini = math.maxinteger, math.mininteger
print(maxi < 2^63, maxi <= 2^63, maxi == 2^63, maxi + 0.0 == 2^63)
print(mini == -2^63, mini < -2^63, mini <= -2^63)
print(2^53 + 1 == 2^53, (2^53|0) + 1 == 2^53)
print(9007199254740993 < 9007199254740992.0, 9007199254740993 > 9007199254740992.0)
local nan = 0/0
print(nan == nan, nan < 1, nan > 1, nan <= nan, 1 < nan, maxi < nan, nan ~= nan)
print(1 < math.huge, mini > -math.huge, maxi < math.huge)
print("a" < "b", "abc" < "abd", "" < "a", "Z" < "a", "a\0b" < "a\0c", "ab" < "abc")
print(pcall(function() return 1 < "2" end))
print(pcall(function() return {} < {} end))
print(pcall(function() return nil < 1 end))
print(pcall(function() return 1 <= true end))
print(pcall(function() return "x" >= 1 end))
print(-0.0 == 0.0, 0 == -0.0)
