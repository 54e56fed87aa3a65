-- A thread that never yields is preempted: the others still run.
local flag = false
thread:spawn(function() while not flag do end end)
local h = thread:spawn(function() for i = 1, 3 do print("tick", i); time:sleep(0.01) end end)
h:join()
print("ticks done while a thread spins")
flag = true
