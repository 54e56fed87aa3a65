-- typical array manipulation: filling, shifting, compaction, sum/avg/min/max
local a = {}
for i = 1, 20 do a[i] = (i * 7) % 11 end
print(table.concat(a, ","))
local sum, mn, mx = 0, math.huge, -math.huge
for _, v in ipairs(a) do sum = sum + v mn = math.min(mn, v) mx = math.max(mx, v) end
print(sum, sum / #a, mn, mx)
local j = 0
for i = 1, #a do if a[i] % 2 == 0 then j = j + 1 a[j] = a[i] end end
for i = #a, j + 1, -1 do a[i] = nil end
print(#a, table.concat(a, ","))
local rot = {1, 2, 3, 4, 5}
table.insert(rot, 1, table.remove(rot))
print(table.concat(rot, ","))
local uniq, seen = {}, {}
for _, v in ipairs({3, 1, 3, 2, 1, 4, 2}) do if not seen[v] then seen[v] = true uniq[#uniq + 1] = v end end
print(table.concat(uniq, ","))
local m = {}
for i = 1, 3 do m[i] = {} for k = 1, 3 do m[i][k] = (i - 1) * 3 + k end end
local tr = {}
for i = 1, 3 do tr[i] = {} for k = 1, 3 do tr[i][k] = m[k][i] end end
for i = 1, 3 do print(table.concat(tr[i], " ")) end
