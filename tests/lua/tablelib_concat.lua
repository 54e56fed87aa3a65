-- table.concat with separators, ranges, numbers and errors
print(table.concat({}), table.concat({}, ","), table.concat({"a"}, ","))
print(table.concat({1, 2, 3}), table.concat({1, 2.5, "x"}, "-"))
print(table.concat({"a", "b", "c", "d"}, ",", 2, 3), table.concat({"a", "b"}, ",", 3))
print(table.concat({"a", "b", "c"}, ", ", 1, 1), table.concat({[5] = "x", [6] = "y"}, "+", 5, 6))
print(pcall(table.concat, {1, {}, 3}))
print(pcall(table.concat, {1, nil, 3}, ",", 1, 3))
print(pcall(table.concat, {true}))
print(table.concat({"x", "y"}, 1))
local big = {}
for i = 1, 1000 do big[i] = i % 10 end
local s = table.concat(big)
print(#s, s:sub(1, 12))
