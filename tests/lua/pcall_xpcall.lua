-- xpcall with handlers and arguments
print(xpcall(function() return "fine" end, print))
print(xpcall(function() error("bad") end, function(m) return "handled: " .. m end))
print(xpcall(function(a, b) return a + b end, print, 3, 4))
print(xpcall(function() error({1, 2}) end, function(e) return #e end))
print(xpcall(function() local x = nil; return x.y end, function(m) return (m:gsub("^.-:%d+: ", "")) end))
-- handler receives the original error object
print(xpcall(function() error(99) end, function(e) return math.type(e), e + 1 end))
-- error in the handler
local ok, e = xpcall(function() error("first") end, function(m) error("in handler") end)
print(ok, type(e))
-- handler can use debug-free traceback substitute
print(xpcall(error, function(m) return "H(" .. tostring(m) .. ")" end, "arg-msg", 0))
print(pcall(xpcall))
print(pcall(xpcall, print))
-- xpcall handler is called for runtime errors in nested functions
local function lvl3() return 1 + nil end
local function lvl2() return lvl3() end
print(xpcall(lvl2, function(m) return "caught " .. (m:match("attempt to .*") or m) end))
