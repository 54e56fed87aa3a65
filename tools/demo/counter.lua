-- The persistence demo (make run): a counter whose state lives in object
-- memory, snapshotted to build/demo-counter.img. Quit QEMU (Ctrl-A X) at any
-- moment and run `make run` again: the count goes on from where the last
-- snapshot (at most a second old) left it, in the same loop, with the same
-- local variables. A restart shows as system:bootid() changing.
local count, boots = 0, 1
local history = {}
local last = system:bootid()
console:write("Amber persistence demo: quit QEMU with Ctrl-A X, then run `make run` again\n")
while true do
  local now = system:bootid()
  if now ~= last then
    boots = boots + 1
    console:write(string.format("-- restored after a restart: boot %d, the count goes on --\n", boots))
  end
  last = now
  count = count + 1
  history[#history + 1] = count
  if #history > 5 then table.remove(history, 1) end
  console:write(string.format("boot %d  count %d  (last five: %s)\n", boots, count,
    table.concat(history, " ")))
  time:sleep(1)
end
