-- Restart: three threads blocked in the kernel when the machine dies.
-- reader: console:read(); sleeper: time:sleep(4) with its wall-clock start
-- kept; joiner: h:join() on the sleeper (the handle is on the restart list).
-- The main thread syncs, prints "synced", then waits for all three.
local reader = thread:spawn(function()
  local line = console:read()
  console:write("reader got: ", tostring(line), "\n")
end)
local t0 = time:wall()
local sleeper = thread:spawn(function()
  time:sleep(4)
  console:write("sleeper woke after ", string.format("%.1f", time:wall() - t0), " s\n")
end)
local joiner = thread:spawn(function()
  local ok = sleeper:join()
  console:write("joiner: join returned ", tostring(ok), "\n")
end)
time:sleep(0.3)  -- let all three block
system:sync()
console:write("synced\n")
reader:join()
joiner:join()
console:write("all done\n")
