-- method definitions and calls: colon syntax, self, dotted function names
local obj = {name = "obj", inner = {name = "inner"}}
function obj:hello(greet) return (greet or "hi") .. " " .. self.name end
function obj.inner:hello() return "inner " .. self.name end
function obj.static(x) return x * 2 end
print(obj:hello(), obj:hello("hey"), obj.hello(obj, "yo"), obj.inner:hello(), obj.static(21))
local m = "hello"
print(obj[m](obj, "dyn"))
local chain = {v = 0}
function chain:add(n) self.v = self.v + n return self end
print(chain:add(1):add(2):add(3).v)
print(("%d-%d"):format(1, 2), ("abc"):upper():lower())
local s = "x"
print(s:rep(3), #s:rep(3))
-- calls without parentheses
local function id(x) return x end
print(id"string arg", id[[long arg]], type(id{1, 2}))
local o = {f = function(self, t) return t[1] end}
print(o:f{42}, o:f"s" == nil)
