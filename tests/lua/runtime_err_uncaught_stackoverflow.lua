-- uncaught stack overflow: exit status 1 (message on stderr is not compared)
print("recursing")
local function f() return 1 + f() end
f()
