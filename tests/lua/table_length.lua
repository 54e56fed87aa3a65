-- # operator on sequences, border cases made deterministic
local t = {}
print(#t)
for i = 1, 100 do t[i] = i end
print(#t)
for i = 100, 51, -1 do t[i] = nil end
print(#t)
local s = {n = 3}
print(#s)
local str = "hello"
print(#str, #"")
local grow = {}
for i = 1, 1000 do grow[#grow + 1] = i end
print(#grow, grow[#grow])
while #grow > 0 do grow[#grow] = nil end
print(#grow)
local u = {1, 2, 3}
table.remove(u)
print(#u)
