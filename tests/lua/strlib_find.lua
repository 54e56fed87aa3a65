-- string.find: plain, patterns, init, anchors
local s = "hello world, hello lua"
print(s:find("hello"), s:find("hello", 2), s:find("xyz"))
print(s:find("o w"), s:find("l+"), s:find("(h)(e)"))
print(s:find(".", 1, true), s:find("%a+", 7), s:find("lua$"), s:find("^world"))
print(s:find("", 1), s:find("", 100), s:find("", #s + 1), s:find("", -2))
print(s:find("world", -11), s:find("o", -3))
print(("a.b.c"):find(".", 2, true), ("a+b"):find("+", 1, true), ("a+b"):find("a+b"))
print(("[x]"):find("[", 1, true), pcall(string.find, "[x]", "["))
print(("abc"):find("b", 0), ("abc"):find("b", -100))
print(("aaa"):find("a-", 2), ("aaa"):find("()", 2))
