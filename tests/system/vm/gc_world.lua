-- The collector stops the world (system:collect) while other threads
-- compute, allocate and block in sleeps; results must come out right.
local ch = thread:channel()
local function churn(id)
  local keep = {}
  for round = 1, 30 do
    local t = {}
    for i = 1, 200 do t[i] = { id = id, s = tostring(i) .. "x" } end
    keep[round % 5] = t
    if round % 10 == 0 then time:sleep(0.01) end
  end
  local sum = 0
  for _, t in pairs(keep) do for _, v in ipairs(t) do sum = sum + #v.s end end
  ch:send(sum)
end
for i = 1, 6 do thread:spawn(churn, i) end
local collector = thread:spawn(function()
  for _ = 1, 20 do system:collect(); time:sleep(0.005) end
  ch:send("collector")
end)
local sums = {}
for _ = 1, 7 do
  local v = ch:recv()
  if v ~= "collector" then sums[#sums + 1] = v end
end
collector:join()
print("sums", #sums, sums[1], sums[6])
print("collected, in use > 0:", system:collect() > 0)
