-- __index as table chains and as functions
local base = {greet = function() return "hello from base" end, x = 1}
local mid = setmetatable({y = 2}, {__index = base})
local obj = setmetatable({z = 3}, {__index = mid})
print(obj.x, obj.y, obj.z, obj.w, obj.greet())
local calls = 0
local lazy = setmetatable({}, {__index = function(t, k) calls = calls + 1; return k .. "!" end})
print(lazy.foo, lazy[1], calls)
print(rawget(lazy, "foo"))
local cache = setmetatable({}, {__index = function(t, k) local v = k * k; rawset(t, k, v); return v end})
print(cache[4], cache[4], rawget(cache, 4))
-- deep chain
local root = {deep = "found"}
local cur = root
for i = 1, 50 do cur = setmetatable({}, {__index = cur}) end
print(cur.deep)
-- __index on strings is the string table
print(("abc").len == string.len, ("x").nope)
-- functions as __index receive the original table
local proxy
proxy = setmetatable({}, {__index = function(t, k) return t == proxy end})
print(proxy.anything)
-- existing keys bypass __index
local t = setmetatable({a = false}, {__index = function() return "meta" end})
print(t.a, t.b)
