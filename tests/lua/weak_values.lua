-- weak values (__mode = "v"): an object registry and a cache.

local function count(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n
end

-- an object registry: id -> object, not keeping objects alive
local registry = setmetatable({}, {__mode = "v"})
local nextid = 0
local function register(obj)
  nextid = nextid + 1
  registry[nextid] = obj
  return nextid
end

local live = {}
for i = 1, 40 do
  local obj = {name = "obj" .. i}
  local id = register(obj)
  if i % 4 == 0 then live[#live + 1] = obj end
end
print("registered", nextid)
collectgarbage()
print("alive", count(registry))
local ids = {}
for id, obj in pairs(registry) do ids[#ids + 1] = id end
table.sort(ids)
print("ids", table.concat(ids, ","))
live = nil
collectgarbage()
print("after dropping all", count(registry))

-- strings, numbers and booleans are values: never removed
local t = setmetatable({}, {__mode = "v"})
t.a = "short"
t.b = string.rep("x", 100)
t.c = 1
t.d = 2.5
t.e = false
t[1] = "in the array"
t[2] = {}
t[3] = "third"
collectgarbage()
print("values kept", count(t), t.a, #t.b, t.c, t.d, t.e, t[1], t[2], t[3])

-- a cache of computed tables: entries drop when nobody uses them
local cache = setmetatable({}, {__mode = "v"})
local computed = 0
local function get(n)
  local r = cache[n]
  if r == nil then
    computed = computed + 1
    r = {n = n, sq = n * n}
    cache[n] = r
  end
  return r
end
local a = get(5)
local b = get(5)
print("same object", a == b, "computed", computed)
for i = 1, 100 do get(i) end
print("computed", computed)
collectgarbage()
print("cached after collect", count(cache), cache[5] == a)
local c = get(6)
print("recomputed", computed, c.sq)

-- weak values in the array part
local arr = setmetatable({}, {__mode = "v"})
local hold = {}
for i = 1, 16 do
  arr[i] = {}
  if i % 2 == 1 then hold[i] = arr[i] end
end
collectgarbage()
local present = {}
for i = 1, 16 do present[#present + 1] = arr[i] and "x" or "." end
print("array", table.concat(present))

-- closures as weak values
local fns = setmetatable({}, {__mode = "v"})
local keepf = function() return "kept" end
fns.kept = keepf
fns.gone = function() return "gone" end
fns.builtin = print
collectgarbage()
print("functions", fns.kept and fns.kept(), fns.gone, fns.builtin == print)
