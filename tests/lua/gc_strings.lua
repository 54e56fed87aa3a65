-- lots of temporary strings and tables; results must stay correct under collection
local acc = 0
for i = 1, 50000 do
  local s = "key" .. i
  local t = {s, #s}
  acc = acc + t[2]
end
print(acc)
local keep = {}
for i = 1, 1000 do keep[i] = string.rep("x", i % 50) .. i end
collectgarbage()
local ok = true
for i = 1, 1000 do if keep[i] ~= string.rep("x", i % 50) .. i then ok = false end end
print(ok)
local map = {}
for i = 1, 20000 do map["k" .. (i % 500)] = i end
collectgarbage()
local n = 0
for k, v in pairs(map) do n = n + 1 end
print(n, map.k0, map.k499)
