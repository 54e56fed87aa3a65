-- string.format combined, many arguments, tables printing
local rows = {{"apple", 3, 0.5}, {"banana", 12, 0.25}, {"cherry", 100, 12.125}}
print(string.format("%-10s %5s %8s", "name", "qty", "price"))
for _, r in ipairs(rows) do
  print(string.format("%-10s %5d %8.2f", r[1], r[2], r[3]))
end
print(string.format("%3d%%", 50))
print(string.format("%s=%d;%s=%x", "a", 10, "b", 255))
print(string.format("%-+6d|%- 6d|%+-6d|", 5, 5, -5))
print(string.format("%.0s|", "gone"))
local args = {}
for i = 1, 20 do args[i] = i end
print(string.format(string.rep("%d", 20, ","), table.unpack(args)))
print(("%05.1f"):format(3.14159), ("%x"):format(3735928559))
print(string.format("%i|%5.2s|", 3, "abc"))
