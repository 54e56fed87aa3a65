-- table.insert / table.remove including edge cases and errors
local t = {}
table.insert(t, "a"); table.insert(t, "c"); table.insert(t, 2, "b"); table.insert(t, 1, "z")
print(table.concat(t, ","), #t)
table.insert(t, #t + 1, "end")
print(table.concat(t, ","))
print(table.remove(t), table.concat(t, ","))
print(table.remove(t, 1), table.concat(t, ","))
print(table.remove(t, 2), table.concat(t, ","))
local e = {}
print(table.remove(e), #e)
print(table.remove(e, 0), table.remove(e, 1))
local one = {1}
print(table.remove(one, 2), #one)  -- n+1 allowed
print(pcall(table.remove, {1, 2, 3}, 7))
print(pcall(table.insert, {1, 2}, 5, "x"))
print(pcall(table.insert, {1, 2}, 0, "x"))
print(pcall(table.insert, {}, 1, 2, 3))
print(pcall(table.insert, nil, 1))
print(pcall(table.insert, {}))
local z = {[0] = "zero"}
print(table.remove(z, 0), z[0])
local w = {n = 1}
table.insert(w, "x")
print(w[1], w.n)
print(pcall(table.insert, {}, 1.5, "x"))
local r = {1, 2, 3}
print(table.remove(r, #r + 1), #r)
