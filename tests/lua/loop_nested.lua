-- nested loops, break only exits innermost, mixing loop kinds
local out = {}
for i = 1, 4 do
  for j = 1, 4 do
    if j > i then break end
    out[#out + 1] = i * 10 + j
  end
end
print(table.concat(out, " "))
local count = 0
local i = 0
while true do
  i = i + 1
  local j = 0
  repeat
    j = j + 1
    count = count + 1
  until j >= i
  if i >= 5 then break end
end
print(count)
-- multiplication table checksum
local s = 0
for a = 1, 12 do for b = 1, 12 do s = s + a * b end end
print(s)
-- loop with return inside a function
local function find(t, v)
  for idx, x in ipairs(t) do if x == v then return idx end end
  return nil
end
print(find({5, 6, 7}, 7), find({5, 6, 7}, 8))
-- break inside generic for with closure
local fns = {}
for k, v in ipairs({1, 2, 3, 4}) do
  fns[#fns + 1] = function() return v end
  if v == 2 then break end
end
print(#fns, fns[2]())
