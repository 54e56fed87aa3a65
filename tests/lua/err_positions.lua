-- line numbers in error messages for multi-line statements and nested functions
local function f()
  local t = {}
  return t.a
    .b
end
print(pcall(f))
local function g(x)
  return x
    +
    nil
end
print(pcall(g, 1))
local function h()
  error("on line 15")
end
print(pcall(h))
local ok, e = pcall(function()
  local a = 1
  local b = nil
  local c = a +
     b
end)
print(ok, e)
print(pcall(load("\n\n\nlocal x = nil + 1", "=lines")))
print(pcall(load("local t = {\n  1,\n  2,\n  nil .. 'x'\n}", "=ctor")))
