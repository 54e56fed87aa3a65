-- keywords can be used as string keys but not as names
local t = {["end"] = 1, ["while"] = 2, ["nil"] = 3}
print(t["end"], t["while"], t["nil"])
local f, err = load("local t = {} t.end = 1")
print(f == nil, err)
print(load("local t = {goto = 1}") == nil)
local names = {"_", "_x", "x_1", "CamelCase", "__index", "a1b2"}
for _, n in ipairs(names) do print(n, load("local " .. n .. " = 1 return " .. n) ~= nil) end
local _ = "underscore"
print(_)
