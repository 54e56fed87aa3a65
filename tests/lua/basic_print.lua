-- print: separators, tostring of each basic type, multiple values
print()
print(nil)
print(true, false)
print(1, 2.0, -3, "four")
print("a", nil, "b")
print(1e15, 1e16, 123456789012345)
print(_VERSION)
print(type(print), type(nil), type(1), type("x"), type({}), type(true))
print(#"hello", #"")
local t = {}
print(t == t, {} == {})
print(select('#', print()))
