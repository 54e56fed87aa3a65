-- errors while handling errors: error objects with failing __tostring, nested pcall in handlers
local obj = setmetatable({}, {__tostring = function() error("tostring exploded") end})
local ok, e = pcall(error, obj)
print(ok, e == obj)
print(pcall(tostring, obj))
print(xpcall(function() error("A") end, function(m) local ok2, e2 = pcall(error, "B") return m .. "+" .. e2 end))
local function handler(m) return "handled(" .. tostring(m):gsub("^.-:%d+: ", "") .. ")" end
print(xpcall(function() local t = {} return t.x.y end, handler))
print(select('#', xpcall(function() return 1, 2, 3 end, handler)))
