-- multiple assignment: evaluation of all expressions before assignment (defined cases)
local a, b = 1, 2
a, b = b, a
print(a, b)
local t = {1, 2, 3}
local i = 1
i, t[i] = i + 1, 20      -- t[1] is assigned (index evaluated before assignment)
print(i, t[1], t[2])
local x, y, z = 1
print(x, y, z)
x, y = 1, 2, 3
print(x, y)
local u = {}
u.a, u.b, u.c = (function() return 1, 2, 3 end)()
print(u.a, u.b, u.c)
local p, q = {}, {}
p.v, q.v = 1, 2
print(p.v, q.v)
local s = {n = 0}
s.n, s.m = s.n + 1, s.n + 10
print(s.n, s.m)
local arr = {10, 20, 30}
local k = 2
arr[k], k = 99, 3
print(arr[2], arr[3], k)
