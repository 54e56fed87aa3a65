-- tables as sets: union, intersection, difference with sorted output
local function Set(list) local s = {} for _, v in ipairs(list) do s[v] = true end return s end
local function items(s) local out = {} for k in pairs(s) do out[#out + 1] = k end table.sort(out) return table.concat(out, " ") end
local function union(a, b) local r = {} for k in pairs(a) do r[k] = true end for k in pairs(b) do r[k] = true end return r end
local function inter(a, b) local r = {} for k in pairs(a) do if b[k] then r[k] = true end end return r end
local function diff(a, b) local r = {} for k in pairs(a) do if not b[k] then r[k] = true end end return r end
local A, B = Set({1, 2, 3, 4, 5}), Set({4, 5, 6, 7})
print(items(union(A, B)))
print(items(inter(A, B)))
print(items(diff(A, B)))
print(items(diff(B, A)))
local words = Set({"pear", "apple", "fig"})
print(items(words), words.apple, words.kiwi)
