-- table.move: overlapping ranges, other tables
local function show(t, n) local r = {} for i = 1, n do r[i] = tostring(t[i]) end return table.concat(r, " ") end
local t = {1, 2, 3, 4, 5}
table.move(t, 1, 3, 3)
print(show(t, 5))
t = {1, 2, 3, 4, 5}
table.move(t, 3, 5, 1)
print(show(t, 5))
local a, b = {1, 2, 3}, {}
local r = table.move(a, 1, 3, 2, b)
print(r == b, show(b, 4))
print(table.move({}, 1, 0, 1) ~= nil)
t = {1, 2, 3}
table.move(t, 1, 3, 1)
print(show(t, 3))
print(pcall(table.move, {}, 1, math.maxinteger, 2))
print(pcall(table.move, 1, 1, 1, 1))
local src = {"a", "b", "c"}
local dst = table.move(src, 2, 3, 10, {})
print(dst[10], dst[11], dst[1])
