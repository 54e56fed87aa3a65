-- to-be-closed variables: normal exit order, values passed to __close
local log = {}
local function mk(name)
  return setmetatable({name = name}, {__close = function(v, e, ...)
    print("close", v.name, e, select('#', ...))
    log[#log + 1] = v.name
  end})
end

do
  local a <close> = mk("a")
  local b <close> = mk("b")
  print("in block")
end
print(table.concat(log, ","))

-- several names in one local statement, the closing one in the middle
do
  local x, y <close>, z = 1, mk("y"), 3
  print("xyz", x, z, y.name)
end

-- nil and false are allowed and ignored
do
  local n <close> = nil
  local f <close> = false
  local c <close> = mk("c")
  print("nil and false", n, f)
end

-- nested blocks close innermost first
do
  local o <close> = mk("outer")
  do
    local i <close> = mk("inner")
    do
      local ii <close> = mk("innermost")
    end
    print("after innermost")
  end
  print("after inner")
end

-- the variable is read-only but its value stays usable
do
  local t <close> = mk("t")
  t.name = "t2"
  print("renamed", t.name)
end

-- closing a value of another type through its metatable (a function value
-- with __close via debug is not available: use a table with __index too)
local proto = {__close = function(v) print("proto close", v.id) end}
proto.__index = proto
for i = 1, 3 do
  local v <close> = setmetatable({id = i}, proto)
end

-- a __close that is a callable table
local callable = setmetatable({}, {__call = function(self, v, e) print("callable close", v.tag, e) end})
do
  local w <close> = setmetatable({tag = "w"}, {__close = callable})
end

-- values returned from a function survive the closing
local function f()
  local a <close> = mk("fa")
  local r = {1, 2, 3}
  return r[1], r[2], r[3]
end
print(f())
local function g(...)
  local a <close> = mk("ga")
  return ...
end
print(g("x", "y", nil, "z"))
print(select('#', g()))
print(select('#', g(nil, nil)))

-- many closes in a row
do
  local c1 <close> = mk(1)
  local c2 <close> = mk(2)
  local c3 <close> = mk(3)
  local c4 <close> = mk(4)
  local c5 <close> = mk(5)
end
print("done")
