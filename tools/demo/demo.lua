-- The `make run` demo: three VM threads that sleep and talk over a channel.
local ch = thread:channel()
local function worker(name, period, n)
  for i = 1, n do
    time:sleep(period)
    ch:send(string.format("%s tick %d (%.2fs)", name, i, time:monotonic()))
  end
  ch:send(name .. " done")
end
local a = thread:spawn(worker, "fast", 0.1, 5)
local b = thread:spawn(worker, "slow", 0.25, 2)
local done = 0
while done < 2 do
  local msg = ch:recv()
  console:write(msg, "\n")
  if msg:find("done") then done = done + 1 end
end
print("joined:", a:join(), b:join())
local m = system:memory()
print(string.format("object memory: %d KiB used of %d MiB", m.omem_used // 1024, m.omem_size >> 20))
print("threads alive:", #thread:list())
