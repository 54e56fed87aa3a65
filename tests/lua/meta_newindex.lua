-- __newindex as function and as table; rawset bypass
local log = {}
local t = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k .. "=" .. tostring(v); rawset(t, k, v) end})
t.a = 1; t.b = 2; t.a = 3   -- second assignment to a is raw (key exists)
print(table.concat(log, " "), t.a)
local store = {}
local p = setmetatable({}, {__newindex = store, __index = store})
p.x = 10
print(rawget(p, "x"), store.x, p.x)
local ro = setmetatable({}, {__newindex = function(t, k) error("read-only field " .. k, 2) end})
print(pcall(function() ro.z = 1 end))
rawset(ro, "z", 5)
print(ro.z)
-- chain of __newindex tables
local inner = {}
local mid = setmetatable({}, {__newindex = inner})
local outer = setmetatable({}, {__newindex = mid})
outer.k = "v"
print(rawget(outer, "k"), rawget(mid, "k"), inner.k)
-- __newindex with nil value
local seen
local n = setmetatable({}, {__newindex = function(t, k, v) seen = {k, v} end})
n.q = nil
print(seen[1], seen[2])
