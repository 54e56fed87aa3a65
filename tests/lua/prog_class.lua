-- a class system with inheritance, super calls, tostring and class methods
local function class(parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, {__index = parent}) end
  c.super = parent
  c.new = function(cls, ...)
    local o = setmetatable({}, cls)
    if o.init then o:init(...) end
    return o
  end
  c.is_a = function(self, k)
    local m = getmetatable(self)
    while m do if m == k then return true end m = m.super end
    return false
  end
  return c
end
local Animal = class()
function Animal:init(name, sound) self.name = name self.sound = sound or "..." end
function Animal:speak() return self.name .. " says " .. self.sound end
function Animal.__tostring(a) return "Animal(" .. a.name .. ")" end
local Dog = class(Animal)
Dog.__tostring = Animal.__tostring
function Dog:init(name, breed) Animal.init(self, name, "woof") self.breed = breed end
function Dog:fetch() return self.name .. " fetches" end
local Puppy = class(Dog)
Puppy.__tostring = function(p) return "Puppy(" .. p.name .. ")" end
function Puppy:speak() return Dog.speak(self) .. " (squeaky)" end
local a, d, p = Animal:new("cat", "meow"), Dog:new("rex", "lab"), Puppy:new("bit", "pug")
print(a:speak()) print(d:speak()) print(p:speak())
print(d:fetch(), p:fetch(), p.breed)
print(tostring(a), tostring(d), tostring(p))
print(p:is_a(Puppy), p:is_a(Dog), p:is_a(Animal), d:is_a(Puppy), a:is_a(Dog))
print(pcall(function() return a:fetch() end))
-- counting instances with a class-level field
local Counter = class()
Counter.count = 0
function Counter:init() Counter.count = Counter.count + 1 self.id = Counter.count end
for i = 1, 5 do Counter:new() end
print(Counter.count, Counter:new().id)
-- mixin via copying functions
local Serializable = {serialize = function(self)
  local keys = {}
  for k, v in pairs(self) do if type(v) ~= "function" then keys[#keys + 1] = k end end
  table.sort(keys)
  local out = {}
  for _, k in ipairs(keys) do out[#out + 1] = k .. "=" .. tostring(self[k]) end
  return "{" .. table.concat(out, ",") .. "}"
end}
for k, v in pairs(Serializable) do Dog[k] = v end
print(d:serialize(), p:serialize())
