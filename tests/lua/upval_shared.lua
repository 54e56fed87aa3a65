-- upvalues shared between closures, closed when scope ends
local function make()
  local v = 0
  local function get() return v end
  local function set(x) v = x end
  local function inc() v = v + 1 end
  return get, set, inc
end
local get, set, inc = make()
set(10); inc(); inc()
print(get())
local get2, set2 = make()
set2(99)
print(get(), get2())
-- upvalue of upvalue (nested levels)
local function outer()
  local x = 1
  return function()
    local y = 10
    return function()
      x = x + 1; y = y + 1
      return x, y
    end
  end
end
local mid = outer()
local f1, f2 = mid(), mid()
print(f1()) print(f1()) print(f2())
-- closure sees later assignments to captured variable
local late = "before"
local function see() return late end
late = "after"
print(see())
-- upvalue captured while still on the stack, then block exits
local saved
do
  local blockvar = "in block"
  saved = function() return blockvar end
  blockvar = "changed in block"
end
print(saved())
