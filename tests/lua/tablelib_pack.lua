-- table.pack and table.unpack symmetry
local p = table.pack()
print(p.n, #p)
p = table.pack(nil)
print(p.n, p[1])
p = table.pack(1, "two", nil, false)
print(p.n, p[1], p[2], p[3], p[4])
print(table.unpack(p, 1, p.n))
local function roundtrip(...) local t = table.pack(...) return table.unpack(t, 1, t.n) end
print(select('#', roundtrip(nil, nil, nil)))
print(roundtrip("a", nil, "c"))
local keys = {}
for k in pairs(table.pack(1, 2)) do keys[#keys + 1] = tostring(k) end
table.sort(keys)
print(table.concat(keys, ","))
