-- large tables: array and hash parts, rehash correctness
local t = {}
for i = 1, 100000 do t[i] = i * 2 end
local sum = 0
for i = 1, #t do sum = sum + t[i] end
print(#t, sum)
local h = {}
for i = 1, 50000 do h["k" .. i] = i end
local hs, n = 0, 0
for k, v in pairs(h) do hs = hs + v; n = n + 1 end
print(n, hs, h.k1, h.k50000, h.k50001)
for i = 1, 50000, 2 do h["k" .. i] = nil end
n = 0
for _ in pairs(h) do n = n + 1 end
print(n)
local m = {}
for i = 1, 1000 do m[i * 1.5] = i end
print(m[1.5], m[3], m[1500], math.type(next({[3.0] = 1})))
local neg = {}
for i = -100, 100 do neg[i] = i end
local c = 0
for k, v in pairs(neg) do c = c + 1 end
print(c, neg[-100], neg[0], #neg)
