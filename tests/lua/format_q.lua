-- string.format %q: strings, integers, floats, special values
local f = string.format
print(f("%q", "simple"))
print(f("%q", 'with "quotes" and \\ backslash'))
print(f("%q", "new\nline"))
print(f("%q", "tab\tand\0nul\1\0011"))
print(f("%q", "\r\127\200\255"))
print(f("%q", 42), f("%q", -7), f("%q", math.mininteger))
print(f("%q", 1.5), f("%q", 1.0), f("%q", 0.1), f("%q", -0.0))
print(f("%q", math.huge), f("%q", -math.huge))
print(f("%q", 0/0), f("%q", -(0/0)))
print(f("%q", nil), f("%q", true), f("%q", false))
print(pcall(f, "%q", {}))
print(pcall(f, "%10q", "x"))
local s = "round\ttrip\n\"\\\0end"
local back = load("return " .. f("%q", s))()
print(back == s)
print(load("return " .. f("%q", 0.1))() == 0.1, load("return " .. f("%q", math.mininteger))() == math.mininteger)
