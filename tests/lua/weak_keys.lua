-- weak keys (__mode = "k"): entries whose key is collected disappear after a
-- full collection; strings, numbers, booleans and reachable keys stay.

local function count(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n
end

local t = setmetatable({}, {__mode = "k"})
local function fill(t, n)
  for i = 1, n do t[{}] = i end
end
fill(t, 100)
print("before (at most 100)", count(t) <= 100)
collectgarbage()
print("after", count(t))

-- keys held elsewhere survive, with their values
local keep = {}
for i = 1, 10 do
  local k = {id = i}
  keep[i] = k
  t[k] = {value = i * i}
end
fill(t, 50)
collectgarbage()
print("kept", count(t))
local sum = 0
for i = 1, 10 do sum = sum + t[keep[i]].value end
print("sum of kept values", sum)

-- drop half of them
for i = 1, 10, 2 do keep[i] = false end
collectgarbage()
print("after dropping half", count(t))

-- non-object keys are never removed: strings, numbers, booleans
local t2 = setmetatable({}, {__mode = "k"})
t2["a string key"] = {}
t2[string.rep("long", 20)] = {}
t2[42] = {}
t2[3.5] = {}
t2[true] = {}
t2[1] = {}          -- array part
t2[2] = {}
collectgarbage()
print("value keys", count(t2))

-- a value that refers to its own key does not keep it alive
local t3 = setmetatable({}, {__mode = "k"})
for i = 1, 20 do
  local k = {}
  t3[k] = {k, i}       -- value -> key
end
collectgarbage()
print("self-referring values", count(t3))

-- function and coroutine keys
local t4 = setmetatable({}, {__mode = "k"})
local f = function() return 1 end
t4[f] = "f"
t4[function() return 2 end] = "anon"
t4[coroutine.create(function() end)] = "co"
t4[print] = "builtin"
collectgarbage()
local names = {}
for _, v in pairs(t4) do names[#names + 1] = v end
table.sort(names)
print("function keys", table.concat(names, " "))

-- entries can be set to nil and re-added across collections
local k1 = {}
t[k1] = 1
t[k1] = nil
collectgarbage()
t[k1] = 2
print("re-added", t[k1], count(t))

-- next() still works when entries are cleared between iterations
local t5 = setmetatable({}, {__mode = "k"})
local held = {}
for i = 1, 30 do
  local k = {}
  if i % 3 == 0 then held[#held + 1] = k end
  t5[k] = i
end
local seen = 0
for k, v in pairs(t5) do
  seen = seen + 1
  if seen == 1 then collectgarbage() end
end
print("iteration over a table cleared mid-way visits at most 30:", seen <= 30)
collectgarbage()
print("held after", count(t5))
