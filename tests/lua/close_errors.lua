-- errors and to-be-closed variables
local function mk(name)
  return setmetatable({}, {__close = function(_, e) print("close", name, e) end})
end
local function bad(name, msg)
  return setmetatable({}, {__close = function(_, e)
    print("close", name, e)
    error(msg, 0)
  end})
end

-- an error passes its object to every __close, newest first
print(pcall(function()
  local a <close> = mk("a")
  local b <close> = mk("b")
  error("boom", 0)
end))

-- a non-string error object
local eobj = setmetatable({}, {__tostring = function() return "EOBJ" end})
print(pcall(function()
  local a <close> = setmetatable({}, {__close = function(_, e) print("got obj", e == eobj) end})
  error(eobj)
end) == false)

-- an error inside __close during the error unwind replaces the error
print(pcall(function()
  local a <close> = bad("a", "ea")
  local b <close> = bad("b", "eb")
  error("orig", 0)
end))

-- an error inside __close on normal exit: the others still run, with it
print(pcall(function()
  local a <close> = mk("a2")
  local b <close> = bad("b2", "eb2")
  local c <close> = mk("c2")
  print("body done")
end))

-- the last error wins
print(pcall(function()
  local a <close> = bad("a3", "ea3")
  local b <close> = bad("b3", "eb3")
end))

-- error positions: runtime errors inside __close
print(pcall(function()
  local a <close> = setmetatable({}, {__close = function() local x = nil; return x.y end})
end))

-- errors in nested pcalls
print(pcall(function()
  local outer <close> = mk("outer")
  print(pcall(function()
    local inner <close> = bad("inner", "einner")
    error("first", 0)
  end))
  error("second", 0)
end))

-- xpcall: the handler sees the error, __close gets the handled value
print(xpcall(function()
  local a <close> = mk("xa")
  error("xerr", 0)
end, function(m) return "handled:" .. tostring(m) end))
print(xpcall(function()
  local a <close> = bad("xb", "xberr")
  error("xerr2", 0)
end, function(m) return "H(" .. tostring(m) .. ")" end))

-- non-closable values
print(pcall(function() local x <close> = 42 end))
print(pcall(function() local y <close> = {} end))
print(pcall(function() local s <close> = "str" end))
print(pcall(function()
  local ok <close> = mk("before")
  local z <close> = setmetatable({}, {})
end))

-- __close removed after the declaration
local mt = {__close = function() print("never") end}
print(pcall(function()
  local q <close> = setmetatable({}, mt)
  mt.__close = nil
end))

-- __close that is not callable
print(pcall(function()
  local mt2 = {__close = function() end}
  local q <close> = setmetatable({}, mt2)
  mt2.__close = 17
end))

-- error values that are nil or tables
print(pcall(function()
  local a <close> = mk("nilerr")
  error(nil)
end))
print(select('#', pcall(error)))

-- error thrown while closing after a return
local function r()
  local a <close> = bad("ret", "retclose")
  return 1, 2, 3
end
print(pcall(r))

-- after all this, normal code still works
do
  local fine <close> = mk("fine")
end
print("done")
