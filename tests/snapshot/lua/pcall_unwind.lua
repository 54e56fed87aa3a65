-- pcall/error unwinding through Lua frames, error values, xpcall handler
local function deep(n) if n == 0 then error("bottom") end return deep(n - 1) + 1 end
print(pcall(deep, 5))
print(select(2, pcall(error, { code = 7 })).code)
local ok, e = pcall(function() local t = nil; return t[1] end)
print(ok, e)
print(xpcall(function() error("x", 0) end, function(m) return "handled " .. m end))
print(select("#", pcall(function() return 1, 2, 3 end)))
local ok2, e2 = pcall(function()
  local ok3, e3 = pcall(error, "inner")
  error("outer after " .. tostring(e3), 0)
end)
print(ok2, e2)
-- error inside a coroutine inside pcall
print(pcall(function()
  local co = coroutine.wrap(function() error("in coro", 0) end)
  co()
end))
