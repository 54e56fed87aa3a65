-- bench: closure creation and calls, upvalue access, higher-order functions
local n = tonumber(arg and arg[1]) or 2400
local function make_adder(k) return function(x) return x + k end end
local function compose(f, g) return function(x) return f(g(x)) end end
local function map(t, f) local r = {} for i = 1, #t do r[i] = f(t[i]) end return r end
local total = 0
for rep = 1, n do
  local data = {}
  for i = 1, 1000 do data[i] = i end
  local add = make_adder(rep)
  local f = compose(add, make_adder(1))
  local r = map(data, f)
  local counter = 0
  local function inc() counter = counter + 1 return counter end
  for i = 1, 1000 do inc() end
  local fs = {}
  for i = 1, 100 do fs[i] = function() return i * rep end end
  local s = 0
  for i = 1, 100 do s = s + fs[i]() end
  total = total + r[1000] + counter + s
end
print("closures", n, total)
