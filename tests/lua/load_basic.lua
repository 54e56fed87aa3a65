-- load with strings, functions, chunk names, modes and env tables
local f = load("return 1 + 2")
print(f())
print(load("return ...", "varargs")(4, 5, 6))
local parts = {"return ", "'from ", "pieces'"}
local i = 0
print(load(function() i = i + 1 return parts[i] end)())
print(type(load(function() return nil end)), load(function() return nil end)())
local env = {x = 10}
local g = load("y = x * 2; return y", "envchunk", "t", env)
print(g(), env.y, y)
print(load("return 1", "c", "b"))
print(load("syntax error here"))
local h = load("local a = ... ; return a, _ENV ~= nil")
print(h(7))
local noenv = load("return print", "n", "t", {})
print(noenv())
local counter = 0
local src = load("counter_g = (counter_g or 0) + 1 return counter_g")
print(src(), src(), src())
print(pcall(load("error('inside loaded chunk')")))
print(pcall(load, 42))
print(load("return 1", nil, nil, nil)())
