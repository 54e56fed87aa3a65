-- next / pairs / ipairs behaviour (order-independent checks)
local t = {10, 20, 30, a = 1, b = 2, c = 3}
local keys, sum = {}, 0
for k, v in pairs(t) do keys[#keys + 1] = tostring(k); sum = sum + v end
table.sort(keys)
print(table.concat(keys, ","), sum)
print(next({}), next({5}))
local k, v = next(t)
print(k ~= nil, v ~= nil)
-- clearing fields during traversal is allowed
for k in pairs(t) do t[k] = nil end
print(next(t))
-- ipairs stops at first nil
local c = 0
for i, v in ipairs({1, 2, nil, 4}) do c = c + 1 end
print(c)
print(pcall(next, {}, "nokey"))
local p = {pairs({})}
print(type(p[1]), type(p[2]), p[3])
local i = {ipairs({})}
print(type(i[1]), type(i[2]), i[3])
-- pairs over array part in order
local arr = {}
for j = 1, 8 do arr[j] = j end
local seq = {}
for k, v in pairs(arr) do seq[#seq + 1] = v end
print(table.concat(seq, " "))
print(pcall(pairs))
print(pcall(ipairs))
