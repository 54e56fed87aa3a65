-- io.write number formatting versus print/tostring
io.write(1, " ", 1.0, " ", 0.1, " ", 1e15, " ", 1e16, " ", 2^53, " ", -1.5, "\n")
print(1, 1.0, 0.1, 1e15, 1e16, 2^53, -1.5)
io.write(1/0, " ", -1/0, " ", 3.0 // 1, " ", 7 / 7, "\n")
io.write(string.format("%.1f", 1.0), " ", tostring(1.0), " ", 1.0 .. "", "\n")
local t = {}
for i = 1, 5 do t[#t + 1] = i / 2 end
for _, v in ipairs(t) do io.write(v, ";") end
io.write("\n")
io.stdout:write(12, 12.5, 12.0, "\n")
