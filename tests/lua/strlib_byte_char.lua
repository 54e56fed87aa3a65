-- string.byte / string.char
print(string.byte("A"), string.byte("ABC", 2), string.byte("ABC", 1, 3))
print(string.byte("ABC", -1), string.byte("ABC", 10), string.byte(""))
print(select('#', string.byte("ABC", 3, 1)), select('#', string.byte("abc", 1, -1)))
print(string.char(72, 105), string.char(), #string.char(0, 255))
print(pcall(string.char, 256))
print(pcall(string.char, -1))
print(pcall(string.char, "x"))
local t = {}
for i = 0, 255 do t[#t + 1] = string.char(i) end
local all = table.concat(t)
print(#all, all:byte(1), all:byte(256), all:byte(-1))
print(string.char(string.byte("hello", 1, -1)))
