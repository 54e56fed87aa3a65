-- concatenation of strings and numbers
print("a" .. "b", "x" .. 1, 1 .. "x", 1.5 .. "|", 2^63 .. "", -0.0 .. "")
local s = ""
for i = 1, 10 do s = s .. i end
print(s, #s)
print(pcall(function() return "a" .. nil end))
print(pcall(function() return "a" .. true end))
print(pcall(function() local t = {} return t .. "x" end))
print(pcall(function() return 1 .. {} end))
local parts = {}
for i = 1, 5 do parts[#parts + 1] = "p" .. i end
print(table.concat(parts, "-"))
print(("x"):rep(3) .. ("y"):rep(2))
print(10 .. 20 .. 30)
local n = 7
print("n=" .. n .. ", n*2=" .. n * 2)
print(math.mininteger .. "", math.maxinteger .. "")
