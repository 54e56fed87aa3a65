-- 120 VM threads sleep for different times and report in deadline order.
local ch = thread:channel()
local N = 120
local hs = {}
for i = 1, N do
  hs[i] = thread:spawn(function(k)
    time:sleep(0.005 * (N - k))
    ch:send(k)
  end, i)
end
local got, last, inorder = 0, N + 1, true
for _ = 1, N do
  local k = ch:recv()
  got = got + 1
  if k > last then inorder = false end
  last = k
end
for i = 1, N do assert(hs[i]:join() == true) end
print("threads", N, "woke", got)
print("threads alive after join", #thread:list())
