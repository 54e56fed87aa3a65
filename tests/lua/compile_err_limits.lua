-- structural compile limits: too many locals; moderately deep nesting compiles fine
local parts = {}
for i = 1, 210 do parts[i] = "local v" .. i .. " = " .. i end
local f, err = load(table.concat(parts, "\n"))
print(f and "compiled" or err)
parts = {}
for i = 1, 200 do parts[i] = "local v" .. i .. " = " .. i end
f, err = load(table.concat(parts, "\n") .. "\nreturn v200")
print(f and f() or err)
local deep = string.rep("(", 100) .. "1" .. string.rep(")", 100)
f, err = load("return " .. deep)
print(f and f() or err)
local nested = string.rep("do ", 100) .. "x = 5" .. string.rep(" end", 100)
f, err = load(nested)
print(f and "compiled" or err)
local fns = string.rep("return function() ", 50) .. "return 42" .. string.rep(" end", 50)
f = load(fns)
local v = f()
while type(v) == "function" do v = v() end
print(v)
f, err = load("local x = 1; x = 2; return x")
print(f and f() or err)
