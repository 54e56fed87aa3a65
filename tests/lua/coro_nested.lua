-- yield from nested function calls, coroutines resuming coroutines
local function deep(n)
  if n == 0 then return coroutine.yield("bottom") end
  return deep(n - 1)
end
local co = coroutine.create(function() return "returned " .. tostring(deep(100)) end)
print(coroutine.resume(co))
print(coroutine.resume(co, "value"))
-- producer/consumer with filter
local function producer()
  return coroutine.create(function()
    for _, w in ipairs({"alpha", "beta", "gamma", "delta"}) do coroutine.yield(w) end
  end)
end
local function filter(src)
  return coroutine.create(function()
    while true do
      local ok, w = coroutine.resume(src)
      if not w then break end
      if #w > 4 then coroutine.yield(w:upper()) end
    end
  end)
end
local f = filter(producer())
while true do
  local ok, v = coroutine.resume(f)
  if not v then break end
  print(v)
end
-- yield inside metamethod called from coroutine
local mt = {__index = function(t, k) return coroutine.yield("index " .. k) end}
local obj = setmetatable({}, mt)
local c2 = coroutine.wrap(function() return "result: " .. obj.foo end)
print(c2())
print(c2("bar"))
