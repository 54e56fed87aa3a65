-- find/match with special characters in plain and pattern mode, init beyond length
local s = "a+b=c (d) [e] {f} ^g$ %h .i* ?j"
for _, p in ipairs({"+", "=", "(", ")", "[", "]", "^", "$", "%", ".", "*", "?", "{"}) do
  io.write(p, ":", tostring(s:find(p, 1, true)), " ")
end
print()
print(s:find("%("), s:find("%[e%]"), s:find("%^g%$"), s:find("%%h"), s:find("%.i%*"), s:find("%?j"))
print(s:find("a", 100), s:find("", 100), s:find("", #s + 1), s:find("j", -1))
print(("aXb"):find("X", -2), ("aXb"):find("X", -1), ("aXb"):find("X", -10))
print(("hello"):match(".-(l+)(.*)"))
print(string.find("abc", "b", nil, nil))
