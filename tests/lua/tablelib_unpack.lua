-- table.unpack with ranges, nils, and select
print(table.unpack({1, 2, 3}))
print(table.unpack({1, 2, 3}, 2))
print(table.unpack({1, 2, 3}, 2, 3))
print(table.unpack({1, nil, 3}, 1, 3))
print(select('#', table.unpack({}, 1, 5)))
print(select('#', table.unpack({1, 2}, 3)))
print(table.unpack({"a", "b"}, -1, 1))
local function sum(...) local s = 0 for i = 1, select('#', ...) do s = s + (select(i, ...) or 0) end return s end
local big = {}
for i = 1, 200 do big[i] = i end
print(sum(table.unpack(big)))
print(pcall(table.unpack, {}, 1, 1e8))
print(table.unpack({1, 2, 3}, 3, 1))
print(unpack)
print(table.unpack({n = 2, 5, 6}))
