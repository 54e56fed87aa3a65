-- bench: table-heavy code: array fill/sum, hash insert/lookup/delete, table.insert/remove, sort
local n = tonumber(arg and arg[1]) or 7
local checksum = 0
for rep = 1, n do
  local arr = {}
  for i = 1, 50000 do arr[i] = i * 3 end
  local s = 0
  for i = 1, #arr do s = s + arr[i] end
  local h = {}
  for i = 1, 20000 do h["k" .. i] = i end
  local hit = 0
  for i = 1, 40000, 3 do if h["k" .. i] then hit = hit + 1 end end
  for i = 1, 20000, 2 do h["k" .. i] = nil end
  local ih = {}
  for i = 1, 20000 do ih[i * 7919 % 100003] = i end
  local isum = 0
  for k, v in pairs(ih) do isum = isum + v end
  local q = {}
  for i = 1, 2000 do table.insert(q, i) end
  while #q > 1000 do table.remove(q) end
  local sortme = {}
  for i = 1, 5000 do sortme[i] = (i * 7919) % 5003 end
  table.sort(sortme)
  checksum = checksum + s % 1000 + hit + isum % 1000 + #q + sortme[2500]
end
print("tables", n, checksum)
