-- the 4th value of a generic for is closed when the loop ends
local function closing(name)
  return setmetatable({}, {__close = function(_, e) print("close", name, e) end})
end
local function iter(n, name)
  local i = 0
  return function()
    i = i + 1
    if i <= n then return i end
  end, nil, nil, closing(name)
end

for v in iter(3, "normal") do print("v", v) end
for v in iter(5, "break") do
  if v == 2 then break end
  print("v", v)
end
local function ret()
  for v in iter(5, "return") do
    if v == 3 then return v * 100 end
  end
end
print(ret())
print(pcall(function()
  for v in iter(5, "error") do
    if v == 2 then error("loop error", 0) end
  end
end))
-- goto out of a generic for
for v in iter(4, "goto") do
  if v == 2 then goto done end
end
::done::
-- nested generic loops
for a in iter(2, "outer") do
  for b in iter(2, "inner" .. a) do
    print(a, b)
  end
end
-- nil and false 4th values, the usual iterators
for k, v in ipairs({"x", "y"}) do print(k, v) end
for k, v in next, {10}, nil, nil do print(k, v) end
for k in next, {20}, nil, false do print(k) end
-- a non-closable 4th value
print(pcall(function() for k in next, {}, nil, 3 do end end))
-- closing value gets the error in the iterator
print(pcall(function()
  local function it() error("iterator failed", 0) end
  for x in it, nil, nil, closing("iterfail") do end
end))
-- a body tbc variable, the loop ending normally
for v in iter(2, "both") do
  local body <close> = closing("body" .. v)
end
-- pairs with a __pairs returning a closing value
local t = setmetatable({}, {__pairs = function(self)
  return function(_, k) if not k then return 1, "one" end end, self, nil, closing("pairs")
end})
for k, v in pairs(t) do print(k, v) end
print("done")
