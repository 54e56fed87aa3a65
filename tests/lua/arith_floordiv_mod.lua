-- // and % semantics for negative operands and floats
local vals = {7, -7, 7.5, -7.5, 0, 3}
local divs = {2, -2, 2.5, -2.5, 3}
for _, a in ipairs(vals) do
  local line = {}
  for _, b in ipairs(divs) do
    line[#line + 1] = string.format("%s//%s=%s %s%%%s=%s", a, b, a // b, a, b, a % b)
  end
  print(table.concat(line, "  "))
end
print(5.0 % math.huge, -5.0 % math.huge, 5 % -math.huge, -5 % -math.huge)
print(5 // 0.0, -5 // 0.0, 0/0 ~= 0/0)
print(math.mininteger // -1, math.mininteger % -1)
print(1e308 % 3, 3 % -1e308)
print(-0.0 // 1, 0.0 % -1)
