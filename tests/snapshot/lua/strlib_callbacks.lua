-- builtins calling Lua functions: gsub with a function and a table,
-- sort with a comparator, gmatch in a generic for
local s = ("hello world from amber"):gsub("%w+", function(w) return w:upper() end)
print(s)
print(("a=1, b=2"):gsub("(%w+)=(%w+)", function(k, v) return v .. "=" .. k end))
print(("$x and $y"):gsub("%$(%w+)", { x = "X", y = 42 }))
local t = { 5, 2, 8, 1, 9, 3, 7 }
table.sort(t, function(p, q) return p > q end)
print(table.concat(t, " "))
local words = {}
for w in ("one two three four"):gmatch("%a+") do words[#words + 1] = w end
table.sort(words, function(p, q) return #p < #q or (#p == #q and p < q) end)
print(table.concat(words, ","))
print(string.format("%5.2f|%d|%s", 3.14159, 42, "x"))
