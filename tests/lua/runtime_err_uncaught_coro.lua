-- an error escaping a coroutine.wrap at top level: exit status 1
local gen = coroutine.wrap(function() coroutine.yield(1) error("generator failed") end)
print(gen())
print(gen())
print("not reached")
