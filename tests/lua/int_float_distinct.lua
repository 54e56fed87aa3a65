-- integer vs float subtype rules
local function t(v) return math.type(v) end
print(t(1), t(1.0), t(1e3), t(0x10), t(0x1p4), t("1"), t(nil))
print(1 == 1.0, t(1 + 0.0), t(3 // 1), t(3.0 // 1), t(2^2))
print(10 / 2, t(10 / 2))
print(1e15, 1e100, 2^53, 123.0, -0.0, 0.0)
print(math.tointeger(3.0), math.tointeger(3.5), math.tointeger("8"), math.tointeger(2^63), math.tointeger(-2^63))
print(3 | 0, pcall(function() return 3.5 | 0 end))
print(2^53 == 2^53 + 1, math.maxinteger + 0.0 == math.maxinteger)
print(math.maxinteger < math.maxinteger + 0.0, math.maxinteger + 0.0 == 2^63)
local tab = {}
tab[1.0] = "a"; tab[2] = "b"
print(tab[1], tab[2.0], #tab)
print(1 // 0.0, -1 % math.huge)
print(string.format("%d", 3.0), pcall(string.format, "%d", 3.5))
print(math.floor(3.7), t(math.floor(3.7)), math.ceil(-3.7), t(math.ceil(3.2)))
print(math.floor(1e100) == 1e100, t(math.floor(1e100)))
