-- many upvalues, deep nesting, upvalues in recursive closures
local a, b, c, d, e, f, g, h = 1, 2, 3, 4, 5, 6, 7, 8
local function sum() return a + b + c + d + e + f + g + h end
print(sum())
a = 100
print(sum())
local function level(n)
  if n == 0 then return function() return 0 end end
  local inner = level(n - 1)
  return function() return n + inner() end
end
print(level(50)())
local memo = {}
local function fibm(n)
  if n < 2 then return n end
  if memo[n] then return memo[n] end
  local r = fibm(n - 1) + fibm(n - 2)
  memo[n] = r
  return r
end
print(fibm(80))
-- closures capturing parameters and vararg-derived locals
local function grab(...)
  local n = select('#', ...)
  local first = ...
  return function() return n, first end
end
print(grab("x", "y", "z")())
-- counter objects via closures
local function Account(balance)
  local self = {}
  function self.deposit(v) balance = balance + v end
  function self.get() return balance end
  return self
end
local acc = Account(100)
acc.deposit(50)
print(acc.get())
