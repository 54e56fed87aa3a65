-- collectgarbage: count type, collect returns 0, memory goes down after freeing
print(type(collectgarbage("count")), math.type(collectgarbage("count")))
print(collectgarbage(), collectgarbage("collect"))
collectgarbage()
local before = collectgarbage("count")
local big = {}
for i = 1, 200000 do big[i] = {i} end
local during = collectgarbage("count")
print("grew", during > before + 1000)
big = nil
collectgarbage()
collectgarbage()
local after = collectgarbage("count")
print("shrank", after < during - 1000)
