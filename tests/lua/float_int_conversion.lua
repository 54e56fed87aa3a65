-- float-to-integer conversions: exact values only, in keys, in for loops, string.format('%d')
print(math.tointeger(1e15), math.tointeger(1e15 + 0.5), math.tointeger(-0.0))
print(3.0 | 0, pcall(function() return 2^63 | 0 end))
local t = {}
t[3.0] = "three"
print(t[3], next(t), math.type(next(t)))
print(string.format("%d", 2^53), pcall(string.format, "%d", 2^63))
print(("x"):rep(3.0), pcall(string.rep, "x", 2.5))
print(("abcdef"):sub(2.0, 4.0))
print(#{n = 1.0}, ({10, 20, 30})[2.0])
print(math.floor(-3.5) | 0, math.ceil(3.000001))
print(1e100 // 1 == 1e100, math.type(1e100 // 1))
