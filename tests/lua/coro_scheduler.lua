-- a round-robin scheduler of cooperative tasks with sleeping and messages
local tasks, clock, outbox = {}, 0, {}
local function spawn(name, f) tasks[#tasks + 1] = {name = name, co = coroutine.create(f), wake = 0} end
local function sleep(n) coroutine.yield("sleep", n) end
local function send(msg) outbox[#outbox + 1] = string.format("t=%d %s", clock, msg) end
spawn("ticker", function() for i = 1, 4 do send("tick " .. i) sleep(2) end end)
spawn("worker", function() local sum = 0 for i = 1, 5 do sum = sum + i sleep(1) end send("worker sum " .. sum) end)
spawn("crasher", function() sleep(3) error("crashed on purpose", 0) end)
spawn("quick", function() send("quick done") end)
while #tasks > 0 do
  clock = clock + 1
  local i = 1
  while i <= #tasks do
    local t = tasks[i]
    if t.wake <= clock then
      local ok, what, n = coroutine.resume(t.co)
      if not ok then send(t.name .. " failed: " .. what) end
      if coroutine.status(t.co) == "dead" then table.remove(tasks, i) i = i - 1
      elseif what == "sleep" then t.wake = clock + n end
    end
    i = i + 1
  end
end
print(table.concat(outbox, "\n"))
print("finished at", clock)
