-- collectgarbage with the options the VM must support
print(collectgarbage("collect"))
print(type(collectgarbage("count")))
local k = collectgarbage("count")
print(k > 0, math.type(k))
print(collectgarbage())
print(pcall(collectgarbage, "bogus option"))
