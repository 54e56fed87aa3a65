-- bench: coroutine switching (generators, producer/consumer pipeline)
local n = tonumber(arg and arg[1]) or 1600000
local gen = coroutine.wrap(function() local i = 0 while true do i = i + 1 coroutine.yield(i) end end)
local s = 0
for i = 1, n do s = s + gen() end
local function producer(count) return coroutine.create(function() for i = 1, count do coroutine.yield(i) end end) end
local function filter(src) return coroutine.create(function()
  while true do
    local ok, v = coroutine.resume(src)
    if not v then return end
    if v % 3 ~= 0 then coroutine.yield(v * 2) end
  end
end) end
local p = filter(producer(n // 2))
local c = 0
while true do
  local ok, v = coroutine.resume(p)
  if not v then break end
  c = c + v
end
print("coroutines", n, s, c)
