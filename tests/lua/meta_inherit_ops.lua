-- metamethods are looked up raw in the metatable (no __index inheritance for events)
local base = {__add = function() return "added" end}
local derived = setmetatable({}, {__index = base})
local obj = setmetatable({}, derived)
print(pcall(function() return obj + 1 end))
derived.__add = base.__add
print(obj + 1)
-- changing a metatable after setmetatable takes effect immediately
local mt = {}
local o = setmetatable({}, mt)
print(pcall(function() return o() end))
mt.__call = function() return "now callable" end
print(o())
mt.__index = function(_, k) return "idx:" .. k end
print(o.foo)
mt.__index = nil
print(o.foo)
-- shared metatable among many objects
local Point = {}
Point.__index = Point
Point.__eq = function(a, b) return a.x == b.x and a.y == b.y end
Point.__tostring = function(p) return "(" .. p.x .. "," .. p.y .. ")" end
local pts = {}
for i = 1, 5 do pts[i] = setmetatable({x = i % 2, y = 0}, Point) end
print(pts[1] == pts[3], pts[1] == pts[2], tostring(pts[5]))
