-- string.sub with all kinds of indices
local s = "abcdefgh"
local cases = {{1, 3}, {3}, {-3}, {-3, -2}, {0}, {0, 2}, {5, 2}, {-100, 2}, {2, 100}, {-1, -1}, {9}, {8, 8}, {math.mininteger, math.maxinteger}, {3, -6}}
for _, c in ipairs(cases) do
  print(c[1], c[2], "[" .. s:sub(c[1], c[2]) .. "]")
end
print(("")..s:sub(2.0, 3.0))
print(pcall(string.sub, s, 1.5))
print(pcall(string.sub))
print(string.sub(12345, 2, 3))
