-- load results are ordinary functions: closures, recursion, multiple loads
local fns = {}
for i = 1, 5 do fns[i] = load("return " .. i .. " * ...") end
local t = {}
for i = 1, 5 do t[i] = fns[i](10) end
print(table.concat(t, " "))
local fib = load([[
  local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end
  return fib(...)
]])
print(fib(20))
local mk = load("local n = 0 return function() n = n + 1 return n end")()
print(mk(), mk(), mk())
local code = {}
for i = 1, 100 do code[#code + 1] = "local v" .. i .. " = " .. i end
code[#code + 1] = "return v1 + v100"
print(load(table.concat(code, "\n"))())
print(load("return")(), select('#', load("return")()))
print(load("\n\n return 'lines'")())
print(load("return 0x10, 1e2, 'a\\tb'")())
local s = string.format("return %q", "quoted \"string\" \n with newline")
print(load(s)() == "quoted \"string\" \n with newline")
