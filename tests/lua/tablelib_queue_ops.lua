-- table.insert/remove used as stack and queue; table.move for slicing
local stack = {}
for i = 1, 5 do table.insert(stack, i) end
local popped = {}
while #stack > 0 do popped[#popped + 1] = table.remove(stack) end
print(table.concat(popped, " "))
local q = {}
for i = 1, 5 do table.insert(q, i) end
local out = {}
while #q > 0 do out[#out + 1] = table.remove(q, 1) end
print(table.concat(out, " "))
local t = {"a", "b", "c", "d", "e", "f"}
local slice = table.move(t, 2, 4, 1, {})
print(table.concat(slice, ""))
table.insert(t, 3, "X")
table.remove(t, 1)
print(table.concat(t, ""))
local function reverse(a) local n = #a for i = 1, n // 2 do a[i], a[n - i + 1] = a[n - i + 1], a[i] end return a end
print(table.concat(reverse({1, 2, 3, 4, 5}), ""))
local sorted = {}
for _, v in ipairs({5, 1, 4, 2, 3}) do
  local pos = #sorted + 1
  for i = 1, #sorted do if v < sorted[i] then pos = i break end end
  table.insert(sorted, pos, v)
end
print(table.concat(sorted, " "))
