-- upvalues shared between coroutines and the main thread
local shared = 0
local function bump() shared = shared + 1 return shared end
local co1 = coroutine.wrap(function() while true do bump() coroutine.yield(shared) end end)
local co2 = coroutine.wrap(function() while true do bump() bump() coroutine.yield(shared) end end)
print(co1(), co2(), co1(), shared)
local function make_pair()
  local v = 0
  local producer = coroutine.wrap(function() for i = 1, 3 do v = v + i coroutine.yield() end end)
  return producer, function() return v end
end
local p, get = make_pair()
p() print(get()) p() print(get()) p() print(get())
-- upvalue captured by a closure created inside a coroutine outlives it
local saved
local co = coroutine.create(function() local secret = "inside" saved = function() return secret end coroutine.yield() secret = "changed" end)
coroutine.resume(co)
print(saved())
coroutine.resume(co)
print(saved(), coroutine.status(co))
