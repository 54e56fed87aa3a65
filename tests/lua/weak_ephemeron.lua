-- ephemerons: in a weak-key table a value is reachable only through its
-- key; chains of keys reachable only through other entries' values.

local function count(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n
end

-- a chain inside one table: k1 -> v1 holds k2 -> v2 holds k3 ...
local e = setmetatable({}, {__mode = "k"})
local function chain(t, n)
  local first = {}
  local k = first
  for i = 1, n do
    local nextk = {}
    t[k] = {next = nextk, i = i}
    k = nextk
  end
  return first
end
local head = chain(e, 50)
collectgarbage()
print("chain held by its head", count(e))
local walked, k = 0, head
while e[k] do walked = walked + 1; k = e[k].next end
print("walked", walked)
head = nil
collectgarbage()
print("chain dropped", count(e))

-- a chain built in reverse creation order (the fixed point needs many rounds)
local keys = {}
for i = 1, 30 do keys[i] = {} end
for i = 30, 2, -1 do e[keys[i]] = keys[i - 1] end
e[keys[1]] = "end"
local last = keys[30]
keys = nil
collectgarbage()
print("reverse chain", count(e))
last = nil
collectgarbage()
print("reverse chain dropped", count(e))

-- across two tables: a key of one is reachable only through a value of the other
local a = setmetatable({}, {__mode = "k"})
local b = setmetatable({}, {__mode = "k"})
local ka = {}
do
  local kb = {}
  a[ka] = kb          -- ka (held) -> kb
  b[kb] = {"payload"} -- kb -> payload
  local kc = {}
  b[kc] = ka          -- kc is garbage: this entry goes, ka stays (held)
end
collectgarbage()
print("across tables", count(a), count(b))
local kb = a[ka]
print("payload", b[kb][1])
kb = nil
ka = nil
collectgarbage()
print("across tables dropped", count(a), count(b))

-- a cycle through a weak-key table: key -> value -> key
local c = setmetatable({}, {__mode = "k"})
do
  local x, y = {}, {}
  c[x] = y
  c[y] = x
end
collectgarbage()
print("cycle", count(c))

-- a weak table stored as a value of another weak table
local outer = setmetatable({}, {__mode = "k"})
local inner = setmetatable({}, {__mode = "v"})
local okey = {}
outer[okey] = inner
inner[1] = {}
inner[2] = "string"
inner.keep = okey
collectgarbage()
print("nested", count(outer), count(inner), inner[2], inner.keep == okey)
okey = nil
inner = nil
collectgarbage()
print("nested dropped", count(outer))

-- a weak table as the key of a weak table (and of itself)
local self = setmetatable({}, {__mode = "k"})
self[self] = "me"
collectgarbage()
print("self key", self[self])

-- memoize with weak keys: results live as long as their argument
local memo = setmetatable({}, {__mode = "k"})
local calls = 0
local function area(rect)
  local r = memo[rect]
  if r == nil then
    calls = calls + 1
    r = {value = rect.w * rect.h, of = rect}   -- refers back to the key
    memo[rect] = r
  end
  return r.value
end
local r1 = {w = 2, h = 3}
print("area", area(r1), area(r1), area({w = 4, h = 5}), calls)
for i = 1, 100 do area({w = i, h = 1}) end
collectgarbage()
print("memo entries", count(memo), "calls", calls)
print("area again", area(r1), calls)
