-- arithmetic error messages with variable names
local function try(f) local ok, e = pcall(f) print(e) end
x = nil
try(function() return x + 1 end)
try(function() local y; return y * 2 end)
local up
try(function() return up - 1 end)
local t = {}
try(function() return t.field / 2 end)
try(function() return t[1] % 2 end)
try(function() return 2 ^ t.k end)
try(function() return -t.neg end)
try(function() return {} + 1 end)
try(function() return "a" + 1 end)
try(function() local s = "b"; return s * 1 end)
try(function() return true + 1 end)
try(function() return 1 // nil end)
try(function() return t.a.b end)
try(function() local a = {} return a.b.c end)
try(function() return math.huge // 0 end)
try(function() return nil & 1 end)
try(function() local flt = 1.5 return flt | 1 end)
try(function() return t .. "x" end)
try(function() return ("x"):bad() end)
