-- math.random with fixed seed: only properties are printed
math.randomseed(42)
local ok = true
for i = 1, 1000 do local r = math.random() if r < 0 or r >= 1 then ok = false end end
print("float range", ok)
ok = true
local seen = {}
for i = 1, 1000 do local r = math.random(6) seen[r] = true if r < 1 or r > 6 or math.type(r) ~= "integer" then ok = false end end
print("1..6 range", ok, #seen)
ok = true
for i = 1, 1000 do local r = math.random(-3, 3) if r < -3 or r > 3 then ok = false end end
print("-3..3 range", ok)
print(math.random(5, 5), math.random(0, 0))
print(pcall(math.random, 2, 1))
print(select("#", math.random(0)), math.type(math.random(0)))
print(pcall(math.random, 1, 2, 3))
local big = math.random(math.mininteger, math.maxinteger)
print(math.type(big))
math.randomseed(7)
local a = {math.random(100), math.random(100), math.random(100)}
math.randomseed(7)
local b = {math.random(100), math.random(100), math.random(100)}
print("reproducible", a[1] == b[1] and a[2] == b[2] and a[3] == b[3])
print(math.type(math.random(0)))
print(math.type(math.random(1.0, 3.0)), pcall(math.random, 1.5))
