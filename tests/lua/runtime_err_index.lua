-- indexing error messages with variable names
local function try(f) local ok, e = pcall(f) print(e) end
try(function() local n = nil; return n.x end)
try(function() return undefinedglobal.x end)
local t = {}
try(function() return t.a.b end)
try(function() return t[1][2] end)
try(function() t.a.b = 1 end)
try(function() local s = 5; return s.x end)
try(function() local b = true; b.x = 1 end)
try(function() return ("x").y.z end)
local up = nil
try(function() return up[1] end)
try(function() return t.m:method() end)
try(function() return (nil)[1] end)
try(function() local k = "key"; return t[k].z end)
try(function() return t["str key"].z end)
try(function() local f = function() end; return f.x end)
