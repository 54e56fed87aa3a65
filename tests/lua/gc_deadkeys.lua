-- dead keys: entries with object keys set to nil during a traversal, with
-- collector steps in between; next() goes on from keys whose entries were
-- emptied (and made dead by a collection); the emptied nodes are reused and
-- dropped by a resize
local function steps(n)
  for _ = 1, n do collectgarbage("step", 0) end
end

-- 1. pairs() deleting every object key as it goes, steps between iterations
local t, total, n = {}, 0, 0
for i = 1, 300 do
  if i % 3 == 0 then
    t[string.rep("k", 45) .. i] = i       -- long strings
  else
    t[{i}] = i                            -- tables
  end
end
t.name, t[1], t[2.5], t[true] = "x", 1, 2, 3
collectgarbage()
for k, v in pairs(t) do
  if type(k) == "table" or (type(k) == "string" and #k > 40) then
    t[k] = nil
    total, n = total + v, n + 1
    local junk = {}
    for j = 1, 20 do junk[j] = {j} end    -- garbage to collect
    steps(3)
    if n % 50 == 0 then collectgarbage() end
  end
end
print("visited", n, total)
local rest = {}
for k, v in pairs(t) do rest[#rest + 1] = tostring(k) .. "=" .. tostring(v) end
table.sort(rest)
print("left", table.concat(rest, " "))

-- 2. next() from emptied keys (still alive) after full collections
local keep, s = {}, {}
for i = 1, 100 do keep[i] = {i}; s[keep[i]] = i end
for i = 1, 100, 2 do s[keep[i]] = nil end
collectgarbage(); collectgarbage()
local ok, alleven, reached = 0, true, 0
for i = 1, 100, 2 do
  local good, k, v = pcall(next, s, keep[i])
  if good then
    ok = ok + 1
    while k ~= nil do                     -- the rest of the traversal
      if v % 2 ~= 0 then alleven = false end
      reached = reached + 1
      k, v = next(s, k)
    end
  end
end
print("next from emptied keys", ok, alleven, reached > 0)
local cnt, sum = 0, 0
for _, v in pairs(s) do cnt, sum = cnt + 1, sum + v end
print("s", cnt, sum)

-- 3. the emptied nodes are reused by new keys, then a resize drops them
keep = nil
collectgarbage(); collectgarbage()
local fresh = {}
for i = 1, 40 do fresh[i] = {}; s[fresh[i]] = -i end
local found = 0
for i = 1, 40 do if s[fresh[i]] == -i then found = found + 1 end end
print("new keys", found)
for i = 1, 200 do s[i] = i end            -- grows: rehash
cnt, sum = 0, 0
for _, v in pairs(s) do cnt, sum = cnt + 1, sum + v end
print("after resize", cnt, sum)

-- 4. deleting while traversing, collecting, and inserting afterwards
local u = {}
for round = 1, 5 do
  for i = 1, 50 do u[{round, i}] = i end
  local c = 0
  for k in pairs(u) do
    if k[2] % 2 == 0 or k[1] < round then u[k] = nil; c = c + 1 end
    if c % 10 == 0 then collectgarbage("step", 0) end
  end
  collectgarbage()
  local m = 0
  for k, v in pairs(u) do
    assert(k[2] == v and k[1] == round and v % 2 == 1)
    m = m + 1
  end
  print("round", round, c, m)
end
