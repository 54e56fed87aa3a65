-- errors and loops in __index/__newindex chains
local t = setmetatable({}, {__index = function(t, k) error("no field " .. k) end})
print(pcall(function() return t.foo end))
local loop = {}
setmetatable(loop, {__index = loop})
print(pcall(function() return loop.x end))
local nl = {}
setmetatable(nl, {__newindex = nl})
print(pcall(function() nl.x = 1 end))
local bad = setmetatable({}, {__index = 5})
print(pcall(function() return bad.x end))
