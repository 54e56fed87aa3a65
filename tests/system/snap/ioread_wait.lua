-- io.read waits for console input with the persistent-memory lock released:
-- while the reader waits for a line that tests/system/snap_suite.py sends
-- only later, the ticker keeps printing and the main thread's
-- system:sync() completes (a snapshot commits). Before the fix, io.read
-- held the lock while it waited: neither could run until the line came.
local done = false
local reader = thread:spawn(function()
  console:write("reader: waiting\n")
  local line = io.read("l")
  done = true
  console:write("reader got: ", tostring(line), "\n")
end)
local ticker = thread:spawn(function()
  local i = 0
  while not done do
    i = i + 1
    console:write("tick ", i, "\n")
    time:sleep(0.1)
  end
end)
time:sleep(0.5)
console:write("sync returned ", tostring(system:sync()), "\n")
reader:join()
ticker:join()
console:write("all done\n")
