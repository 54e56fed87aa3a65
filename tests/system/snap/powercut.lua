-- Power-cut workload: state that carries its own check.
-- data: an array of N integers and a table of string keys that grows and
-- shrinks; h: a hash kept up to date incrementally; n and n2: the iteration
-- counter, written at the start and at the end of an iteration. At the loop
-- head the invariants hold: n == n2 and h == the hash recomputed from data.
-- A restore shows as system:bootid() changing: the guest then recomputes everything and prints
-- "restored n=N ok" (or "restored BAD ..."). Every 16 iterations it calls
-- system:sync() and prints "synced N" once that returned.
local N = 3000
local data, keys = {}, {}
local h, n, n2, nkeys = 0, 0, 0, 0
local M = (1 << 61) - 1
for i = 1, N do data[i] = i end
local function weight(i) return (i * 2654435761) % 1000003 + 1 end
for i = 1, N do h = (h + data[i] * weight(i)) % M end
local function full()
  local s = 0
  for i = 1, N do s = (s + data[i] * weight(i)) % M end
  local c = 0
  for k, v in pairs(keys) do
    if v ~= #k then return nil end
    c = c + 1
  end
  if c ~= nkeys then return nil end
  return s
end
local seed = 12345
local function rnd(m) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % m end
local last = system:bootid()
console:write("powercut workload start\n")
while true do
  local now = system:bootid()
  if now ~= last then
    local s = full()
    if n == n2 and s == h then
      console:write("restored n=", n, " ok\n")
    else
      console:write("restored BAD n=", n, " n2=", n2, " h=", h, " full=", tostring(s), "\n")
    end
  end
  last = now
  n = n + 1
  for _ = 1, 40 do
    local i = rnd(N) + 1
    local v = rnd(1000000)
    h = (h - data[i] * weight(i) % M + M) % M
    data[i] = v
    h = (h + v * weight(i)) % M
  end
  local k = string.rep("k", rnd(50) + 1) .. n
  if keys[k] == nil then keys[k] = #k; nkeys = nkeys + 1 end
  if rnd(3) == 0 then
    for kk in pairs(keys) do keys[kk] = nil; nkeys = nkeys - 1; break end
  end
  n2 = n
  if n % 16 == 0 then
    system:sync()
    console:write("synced ", n, "\n")
  end
end
