-- call error messages with variable names
local function try(f) local ok, e = pcall(f) print(e) end
try(function() local f; f() end)
try(function() nofunc() end)
local t = {}
try(function() t.method() end)
try(function() t:method() end)
try(function() t.a.b() end)
try(function() local n = 5; n() end)
try(function() ("x")() end)
try(function() t[1]() end)
local up = "str"
try(function() up() end)
try(function() (function() end)()() end)
try(function() setmetatable({}, {__index = function() end}).x() end)
try(function() local a = {b = {}} a.b.c() end)
try(function() return math.nosuch(1) end)
try(function() string.nosuch("x") end)
