-- indexing, key normalisation, nil values, length
local t = {}
t[1] = "int"; print(t[1.0])
t[2.0] = "float key"; print(t[2], math.type(next({[2.0] = 1})))
t["1"] = "string key"; print(t[1], t["1"])
t[true] = "bool"; print(t[true])
local f = function() end
t[f] = "func"; print(t[f])
t.x = nil; print(t.x)
print(pcall(function() t[nil] = 1 end))
print(pcall(function() return t[nil] end))
print(rawget(t, 1), rawlen({1, 2}), rawlen("abc"))
rawset(t, "r", 5); print(t.r)
local a = {1, 2, 3, 4, 5}
a[#a + 1] = 6; print(#a)
a[#a] = nil; print(#a)
local s = {}
for i = 1, 10 do s[i] = i * i end
print(#s, s[10])
print(t[2^53], t[-0.0])
t[0] = "zero"; print(t[-0.0], t[0.0])
local nested = {a = {b = {c = "deep"}}}
print(nested.a.b.c, nested["a"]["b"]["c"])
print(#"" , #{})
