-- numeric for loop edge cases: float accumulations, large ranges, overflow safety
local c = 0
for x = 0, 1, 0.1 do c = c + 1 end
print(c)
c = 0
for i = math.maxinteger - 5, math.maxinteger, 2 do c = c + 1 end
print(c)
c = 0
for i = math.mininteger, math.mininteger + 10, 5 do c = c + 1 end
print(c)
c = 0
for i = 1, math.huge do c = c + 1; if c == 5 then break end end
print(c)
c = 0
for i = 1, -math.huge do c = c + 1 end
print(c)
for i = 1, 3.5 do io.write(i, ",") end print()
for i = 1, 2, 1.0 do io.write(math.type(i), ",") end print()
for i = 3, 1.5, -1 do io.write(i, ",") end print()
c = 0
for i = math.maxinteger, math.maxinteger - 1 do c = c + 1 end
print(c)
c = 0
for i = 0, math.maxinteger, math.maxinteger // 2 do c = c + 1 end
print(c)
c = 0
for i = 1, 0x7fffffffffffffff, 0x4000000000000000 do c = c + 1 end
print(c)
for i = -1, -3, -1 do io.write(i, " ") end print()
for i = 1.0, 2.0, 0.25 do io.write(i, " ") end print()
