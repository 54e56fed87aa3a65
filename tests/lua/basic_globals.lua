-- globals live in _ENV / _G
g1 = 5
print(g1, _G.g1, _ENV.g1)
_G.g2 = "two"
print(g2)
print(_G._G == _G, _ENV == _G)
print(undefined_global)
g1 = nil
print(g1)
local function setglobal(name, v) _G[name] = v end
setglobal("dyn", 42)
print(dyn)
do
  local _ENV = {print = print}
  z = 3
  print(z, g2)
end
print(z)
