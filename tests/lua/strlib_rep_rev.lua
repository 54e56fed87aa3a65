-- string.rep (with separator), reverse, lower, upper, len
print(string.rep("ab", 3), string.rep("ab", 3, ","), string.rep("x", 0), string.rep("x", -1), string.rep("x", 1, "sep"))
print(#string.rep("abc", 1000), #string.rep("a", 10, "bb"))
print(string.rep("", 5), string.rep("", 3, "-"))
print(string.reverse("hello"), string.reverse(""), string.reverse("a\0b"):byte(1, -1))
print(string.lower("MiXeD 123 ÄB"), string.upper("mixed 123 äb"))
print(string.len(""), string.len("abc\0def"), string.len(123))
print(string.upper(12), string.rep(1, 3))
