-- metamethods: __index/__newindex functions and tables, arithmetic,
-- comparison, __concat, __call, __len, __eq, __tostring
local V = {}
V.__index = V
V.__add = function(a, b) return setmetatable({ x = a.x + b.x }, V) end
V.__lt = function(a, b) return a.x < b.x end
V.__le = function(a, b) return a.x <= b.x end
V.__eq = function(a, b) return a.x == b.x end
V.__concat = function(a, b) return tostring(a) .. "&" .. tostring(b) end
V.__tostring = function(a) return "V(" .. a.x .. ")" end
V.__len = function(a) return a.x end
V.__call = function(self, y) return self.x * y end
function V.new(x) return setmetatable({ x = x }, V) end
function V:double() return V.new(self.x * 2) end
local a, b = V.new(3), V.new(4)
print(tostring(a + b), a < b, a <= b, a == V.new(3), #b, a(5))
print(a .. b, a:double().x)
local log = {}
local proxy = setmetatable({}, {
  __index = function(t, k) log[#log + 1] = "get " .. k; return k .. "!" end,
  __newindex = function(t, k, v) log[#log + 1] = "set " .. k; rawset(t, k, v) end,
})
print(proxy.foo)
proxy.bar = 1
print(proxy.bar, table.concat(log, ","))
