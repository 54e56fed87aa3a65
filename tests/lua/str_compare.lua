-- string comparison, equality and interning
local a = "hello"
local b = "hel" .. "lo"
print(a == b, a ~= b, rawequal(a, b))
print("a" < "b", "b" < "a", "a" < "aa", "" < "\0", "abc" <= "abc", "abd" >= "abc")
local words = {"pear", "apple", "Banana", "cherry", "apple2", "", "APPLE"}
table.sort(words)
print(table.concat(words, ","))
local long1 = string.rep("x", 100) .. "a"
local long2 = string.rep("x", 100) .. "a"
print(long1 == long2, long1 < string.rep("x", 100) .. "b")
print("\0a" < "\0b", "a\0" > "a")
print("10" < "9", 10 < 9)
