-- string methods via the string metatable
local s = "Hello World"
print(s:upper(), s:lower(), s:len(), s:reverse())
print(("abc"):rep(2), ("x"):byte(), ("%d"):format(5))
print(s:sub(1, 5), s:sub(-5), s:find("World"), s:match("(%a+) (%a+)"))
print(#s, s:len() == #s)
local mt = getmetatable("")
print(type(mt), mt.__index == string)
print(("test"):upper():lower():rep(2, "-"))
local meth = "upper"
print(s[meth](s))
print(("5") + 1)
print(pcall(function() return ("x"):nonexistent() end))
print(string.len("\0\0"), ("abc"):sub(2, 2))
