-- generic for with custom iterators, varargs, goto, numeric for
local function range(n)
  return function(_, i) if i < n then return i + 1 end end, nil, 0
end
local sum = 0
for i in range(6) do sum = sum + i end
print("range", sum)
for k, v in pairs({ 10 }) do print("pairs", k, v) end
for i, v in ipairs({ "a", "b", "c" }) do io.write(i, v, " ") end
print()
local function va(...)
  local n = select("#", ...)
  local a, b = ...
  return n, a, b, { ... }
end
local n, a, b, t = va(1, nil, 3)
print("va", n, a, b, #t)
print("pack", table.unpack({ 1, 2, 3 }))
local i = 1
::top::
if i <= 3 then
  io.write("goto", i, " ")
  i = i + 1
  goto top
end
print()
for j = 1, 3 do
  for k = 1, 3 do
    if k == 2 then goto continue end
    io.write(j, k, " ")
    ::continue::
  end
end
print()
for x = 1.0, 2.0, 0.5 do io.write(x, " ") end
print()
