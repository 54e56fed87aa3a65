-- cyclic garbage is reclaimed; program survives heavy allocation
collectgarbage()
local base = collectgarbage("count")
for round = 1, 20 do
  local nodes = {}
  for i = 1, 2000 do nodes[i] = {id = i} end
  for i = 1, 2000 do nodes[i].next = nodes[i % 2000 + 1]; nodes[i].self = nodes[i] end
  local a, b = {}, {}
  a.b, b.a = b, a
  local f
  f = function() return f end
  nodes = nil
end
collectgarbage()
collectgarbage()
local after = collectgarbage("count")
print("bounded", after < base + 2000)
-- closures and coroutines become garbage too
for i = 1, 5000 do
  local co = coroutine.create(function() coroutine.yield(i) end)
  coroutine.resume(co)
end
local s = {}
for i = 1, 10000 do s[#s + 1] = tostring(i) .. "x" end
s = nil
collectgarbage()
print("still alive", collectgarbage("count") < base + 2000)
