-- a loaded chunk has exactly one upvalue, _ENV; string.dump is not used
local env = {print = print, tostring = tostring}
local f = load("counter = (counter or 0) + 1 return counter", "=c", "t", env)
print(f(), f(), env.counter)
local g = load("local function inner() return _ENV end return inner() == _ENV")
print(g())
local h = load("local _ENV = {v = 'local env'} return v")
print(h())
local k = load("return function() return x end", "=k", "t", {x = "captured env"})()
print(k())
