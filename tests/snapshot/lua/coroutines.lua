-- coroutines: generators, passing values both ways, wrap, status, errors
local gen = coroutine.wrap(function()
  for i = 1, 4 do coroutine.yield(i * i) end
  return "end"
end)
print(gen(), gen(), gen(), gen(), gen())
local co = coroutine.create(function(a, b)
  local c = coroutine.yield(a + b)
  local d, e = coroutine.yield(c * 2)
  return d + e
end)
print(coroutine.resume(co, 1, 2))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, 3, 4))
print(coroutine.status(co), coroutine.resume(co))
local bad = coroutine.create(function() local x = nil; return x.y end)
print(coroutine.resume(bad))
-- a coroutine resuming another
local inner = coroutine.wrap(function() coroutine.yield("a"); coroutine.yield("b") end)
local outer = coroutine.wrap(function()
  coroutine.yield(inner() .. "1")
  coroutine.yield(inner() .. "2")
end)
print(outer(), outer())
