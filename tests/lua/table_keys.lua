-- key types: integers, floats, strings, booleans, tables, functions, coroutines as keys
local t = {}
local kt, kf, kc = {}, function() end, coroutine.create(function() end)
t[1] = "int"; t[1.5] = "float"; t["1"] = "str"; t[true] = "T"; t[false] = "F"; t[kt] = "tbl"; t[kf] = "fn"; t[kc] = "co"
print(t[1], t[1.5], t["1"], t[true], t[false], t[kt], t[kf], t[kc])
print(t[{}], t[2^53], t[math.huge])
t[math.huge] = "inf"; t[-math.huge] = "-inf"
print(t[1/0], t[-1/0])
t[2^53] = "big float"
print(t[2^53 | 0], math.type(2^53 | 0))
local n = 0
for k in pairs(t) do n = n + 1 end
print(n)
t[1] = nil; t[kt] = nil
n = 0
for k in pairs(t) do n = n + 1 end
print(n)
