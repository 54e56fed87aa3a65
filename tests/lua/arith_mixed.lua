-- mixed integer/float arithmetic table
local vals = {3, -3, 3.0, -2.5, 0}
for _, a in ipairs(vals) do
  local row = {}
  for _, b in ipairs({2, -2.0, 0.5}) do
    row[#row + 1] = string.format("%s+%s=%s %s*%s=%s %s-%s=%s", a, b, a + b, a, b, a * b, a, b, a - b)
  end
  print(table.concat(row, " | "))
end
print(1 + 1 == 2.0, 0.5 + 0.5, math.type(0.5 + 0.5), 2 * 0.5, 10 - 10.0)
print(7 // 0.5, 7 % 0.5, 7.25 // 0.5, 7.25 % 0.5)
