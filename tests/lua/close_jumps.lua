-- leaving blocks with to-be-closed variables by break, goto and return
local function mk(name)
  return setmetatable({}, {__close = function(_, e) print("close", name, e) end})
end

-- break out of nested blocks in a while loop
local i = 0
while true do
  i = i + 1
  local a <close> = mk("w" .. i)
  do
    local b <close> = mk("wb" .. i)
    if i == 2 then break end
  end
  print("iteration", i)
end
print("after while")

-- break from a numeric for, a repeat
for k = 1, 5 do
  local a <close> = mk("for" .. k)
  if k == 2 then
    local b <close> = mk("forb")
    break
  end
end
local n = 0
repeat
  local r <close> = mk("rep" .. n)
  n = n + 1
  if n == 5 then break end
until n >= 3
print("n", n)

-- goto backward and forward
do
  local count = 0
  ::again::
  local g <close> = mk("g" .. count)
  count = count + 1
  if count < 3 then goto again end
  print("count", count)
end
do
  local a <close> = mk("fwd")
  do
    local b <close> = mk("fwdb")
    goto out
  end
  print("not printed")
  ::out::
  print("at out")
end

-- goto continue inside a loop
for k = 1, 3 do
  local c <close> = mk("cont" .. k)
  if k % 2 == 1 then goto continue end
  print("even", k)
  ::continue::
end

-- return from nested blocks, with values computed before the closing
local function f(x)
  local a <close> = mk("fa")
  do
    local b <close> = mk("fb")
    if x then
      local c <close> = mk("fc")
      return x * 2, "yes"
    end
  end
  return "no"
end
print(f(21))
print(f(nil))

-- return f() with a tbc variable in scope is not a tail call: the close runs
-- after the callee returns
local function callee() print("callee runs"); return "callee result" end
local function tailish()
  local t <close> = mk("tailish")
  return callee()
end
print(tailish())

-- deep recursion with a tbc variable in every frame
local depth = 0
local function rec(k)
  local r <close> = setmetatable({}, {__close = function() depth = depth + 1 end})
  if k == 0 then return 0 end
  return 1 + rec(k - 1)
end
print(rec(100), depth)

-- a closure captured in the block sees the closed value afterwards
local get
do
  local x = 10
  local h <close> = setmetatable({}, {__close = function() x = x + 1 end})
  get = function() return x end
end
print("captured", get())

-- return with no values and an empty return in a loop
local function empty()
  for k = 1, 3 do
    local e <close> = mk("empty" .. k)
    if k == 2 then return end
  end
end
print(select('#', empty()))
local fs = {}
for k = 1, 3 do
  local x = k
  fs[k] = function() return x end
  if k % 2 == 1 then goto continue end
  ::continue::
end
print(fs[1](), fs[2](), fs[3]())
