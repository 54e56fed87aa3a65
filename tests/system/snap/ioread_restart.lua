-- Restart: a thread waiting in io.read when the machine dies reads again
-- after the restore. tests/system/snap_suite.py sends "A" at once and
-- keeps the input open: io.read("l", "l") takes "A" and waits for the
-- second line; the main thread then syncs (the snapshot holds the reader
-- waiting, "A" in io.stdin's buffer in object memory) and the machine is
-- killed. Restored, the reader runs its io.read again: "A" from the
-- buffer, then "B" sent after the restore, then io.lines() until the end.
local reader = thread:spawn(function()
  console:write("reader: waiting\n")
  local a, b = io.read("l", "l")
  console:write("reader got: ", tostring(a), " ", tostring(b), "\n")
  local n = 0
  for l in io.lines() do
    n = n + 1
    console:write("line ", n, ": ", l, "\n")
  end
  console:write("reader: end of input after ", n, " lines\n")
end)
time:sleep(3)  -- "A" has long arrived and been read
console:write("sync returned ", tostring(system:sync()), "\n")
console:write("synced\n")
reader:join()
console:write("all done\n")
