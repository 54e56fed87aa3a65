-- upper/lower over all ASCII; non-ASCII bytes unchanged
local t = {}
for i = 32, 126 do t[#t + 1] = string.char(i) end
local s = table.concat(t)
print(s:upper())
print(s:lower())
local hi = {}
for i = 128, 255 do hi[#hi + 1] = string.char(i) end
local h = table.concat(hi)
print(h:upper() == h, h:lower() == h)
print(("MiXeD\0CaSe"):lower():byte(1, -1))
