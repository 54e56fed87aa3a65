-- closures and upvalues: shared, closed in loops, counters, recursion
local function counter()
  local n = 0
  return function(d) n = n + (d or 1); return n end, function() return n end
end
local inc, get = counter()
inc(); inc(5)
print("counter", get())
local fs = {}
for i = 1, 4 do fs[i] = function() return i * 10 end end
print("loop", fs[1](), fs[4]())
local shared = {}
do
  local x = 1
  shared.get = function() return x end
  shared.set = function(v) x = v end
end
shared.set(42)
print("shared", shared.get())
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print("fib", fib(9))
local acc = 0
for i = 1, 3 do
  local j = i
  local f = function() acc = acc + j end
  f()
end
print("acc", acc)
