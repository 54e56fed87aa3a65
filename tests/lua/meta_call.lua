-- __call metamethod
local callable = setmetatable({name = "obj"}, {__call = function(self, a, b) return self.name, a, b end})
print(callable(1, 2))
print(pcall(callable, "x"))
local counter = setmetatable({n = 0}, {__call = function(self) self.n = self.n + 1; return self.n end})
counter(); counter()
print(counter())
-- __call through a table method
local obj = {f = callable}
print(obj.f("p"))
-- __call with varargs and multiple returns
local multi = setmetatable({}, {__call = function(_, ...) return select('#', ...), ... end})
print(multi(nil, nil))
print(pcall(setmetatable({}, {}), 1))
-- nested __call: the __call value is itself callable
local inner = setmetatable({}, {__call = function(self, x, y) return "inner", x == nil and "nil" or "tbl", y end})
local outer = setmetatable({}, {__call = inner})
print(pcall(outer, 5))
local t = {}
for i = 1, 3 do t[i] = counter() end
print(table.concat(t, ","))
