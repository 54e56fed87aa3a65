-- goto as continue in various loops
for i = 1, 10 do
  if i % 2 == 0 then goto continue end
  io.write(i, " ")
  ::continue::
end
print()
local i = 0
while i < 10 do
  i = i + 1
  if i % 3 ~= 0 then goto next end
  io.write(i, " ")
  ::next::
end
print()
local k = 0
repeat
  k = k + 1
  if k == 2 then goto skip end
  io.write(k, " ")
  ::skip::
until k >= 4
print()
for _, w in ipairs({"a", "", "b", "", "c"}) do
  if w == "" then goto cont end
  io.write(w)
  ::cont::
end
print()
