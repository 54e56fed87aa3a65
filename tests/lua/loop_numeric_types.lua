-- for-loop variable types: integer loops vs float loops, numeric strings are accepted as bounds
for i = 1, 3 do io.write(math.type(i), " ") end print()
for i = 1.0, 3 do io.write(math.type(i), " ") end print()
for i = 1, 3.0 do io.write(math.type(i), " ") end print()
for i = 1, 3, 1.0 do io.write(math.type(i), " ") end print()
print(pcall(function() local c = 0 for i = 1, "3" do c = c + 1 end return c end))
print(pcall(function() local s = "" for i = "1", 3 do s = s .. math.type(i) end return s end))
print(pcall(function() for i = 1, "x" do end end))
local n = 0
for i = 0.1, 0.35, 0.05 do n = n + 1 end
print(n)
for i = 10, 1, -2.5 do io.write(i, " ") end print()
local t = {}
for i = -3, 3 do t[#t + 1] = i end
print(table.concat(t, " "))
