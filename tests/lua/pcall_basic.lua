-- pcall results, nesting, and returning through levels
print(pcall(function() return 1, 2, 3 end))
print(pcall(function() end))
print(pcall(function(...) return ... end, "a", "b"))
print(pcall(pcall, error, "x"))
print(pcall(pcall))
print(pcall(42))
print(pcall(nil))
local ok, e = pcall(function()
  local ok2, e2 = pcall(function() error("inner") end)
  return "outer saw: " .. tostring(ok2) .. " " .. e2
end)
print(ok, e)
local depth = 0
local function nest(n) if n == 0 then error("bottom", 0) end depth = depth + 1 return pcall(nest, n - 1) end
print(nest(10))
print(depth)
-- state after error is usable
local t = {}
pcall(function() t.a = 1; error("stop"); t.b = 2 end)
print(t.a, t.b)
