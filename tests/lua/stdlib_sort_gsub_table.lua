-- stdlib differential: table.sort order and comparator call order, gsub/gmatch callbacks, table functions
-- sort: unstable order and comparator call order must match lua5.4
local calls = {}
local recs = {}
for i = 1, 60 do recs[i] = {k = (i * 7) % 5, id = i} end
table.sort(recs, function(a, b) calls[#calls + 1] = a.id .. ":" .. b.id; return a.k < b.k end)
local out = {}
for i, r in ipairs(recs) do out[i] = r.id end
print(table.concat(out, " "))
print(#calls, table.concat(calls, " ", 1, 40))
local x = {}
for i = 1, 90 do x[i] = (i * 37) % 11 + ((i % 3 == 0) and 0.0 or 0) end
table.sort(x)
for i = 1, #x do io.write(tostring(x[i]), " ") end print()
local s = {}
for i = 1, 50 do s[i] = string.char(65 + (i * 13) % 26) .. ((i % 4 == 0) and "" or "x") end
table.sort(s, function(a, b) return a > b end)
print(table.concat(s, ","))
local mt = {__lt = function(a, b) return a.v < b.v end}
local objs = {}
for i = 1, 30 do objs[i] = setmetatable({v = (i * 11) % 7, id = i}, mt) end
table.sort(objs)
for i = 1, #objs do io.write(objs[i].id, " ") end print()
print(pcall(table.sort, {3, 2, 1, 5, 4, 7, 6}, function(a, b) return true end))
local ok, e = pcall(table.sort, {5, 3, "x", 1, 2})
print(ok, e)
print(pcall(table.sort, {1, 2, 3}, print and nil))
local t = {5, 1, 4}
table.sort(t, nil)
print(table.concat(t, ","))
-- sort with a comparator that yields? (C-call boundary)
local co = coroutine.wrap(function() table.sort({3, 2, 1}, function(a, b) coroutine.yield() return a < b end) end)
print(pcall(co))
-- nested: gsub inside sort comparator inside gsub callback
local r = string.gsub("c b a", "%a", function(c)
  local t = {"z", c, "m"}
  table.sort(t, function(a, b) return a:gsub("%a", string.upper) < b:gsub("%a", string.upper) end)
  return table.concat(t)
end)
print(r)
-- gsub with function returning various
print(string.gsub("a b c", "%a", function(c) if c == "b" then return nil end return c:upper() end))
print(string.gsub("a b c", "%a", function(c) return 42 end))
print(pcall(string.gsub, "a b c", "%a", function(c) return {} end))
print(string.gsub("abc", "(a)(b)(c)", function(...) return select("#", ...) .. table.concat({...}) end))
print(string.gsub("hello world", "()(o)()", function(p, o, q) return p .. o .. q end))
local n = 0
print(string.gsub(string.rep("ab", 2000), "a", function() n = n + 1 return n % 10 end):sub(1, 40), n)
print(select(2, string.gsub(string.rep("x", 100000), "x", function() end)))
local big = string.gsub(string.rep("abc", 30000), "b", function(c) return "BB" end)
print(#big, big:sub(1, 20))
-- gsub with __index function table
local tt = setmetatable({}, {__index = function(t, k) return k == "b" and "!" or nil end})
print(string.gsub("abcb", "%a", tt))
local chain = setmetatable({}, {__index = setmetatable({a = "A"}, {__index = function(_, k) return k .. k end})})
print(string.gsub("abc", "%a", chain))
-- gmatch
for a, b in string.gmatch("k1=v1;k2=v2", "(%w+)=(%w+)") do io.write(a, "->", b, " ") end print()
for w in string.gmatch("one two  three", "%a*") do io.write("[", w, "]") end print()
local it = string.gmatch("abc", ".")
print(it(), it(), it(), it(), it())
for p in string.gmatch("abc", "()") do io.write(p, " ") end print()
for k in string.gmatch("hello", "l", 4) do io.write(k) end print()
for k in string.gmatch("hello", ".", -2) do io.write(k) end print()
for k in string.gmatch("hello", ".", 10) do io.write(k) end print("end")
-- unpack / insert / remove / move / concat variants
print(table.unpack({1, 2, 3}, -1, 1))
print(pcall(table.unpack, {}, 1, math.maxinteger))
print(pcall(table.unpack, {}, math.mininteger, math.maxinteger))
print(table.unpack({}, math.maxinteger, math.maxinteger))
print(pcall(table.insert, {1}, "2", 3))
print(pcall(table.insert, {1}, 2.0, 3))
local q = {n = 0}
table.insert(q, 1, "a") table.insert(q, 1, "b") print(table.concat(q, ","), #q)
print(table.remove({}, 0), pcall(table.remove, {}, -1), pcall(table.remove, {}, 2))
print(table.concat({1, 2, 3}, ", ", 2), table.concat({1, 2, 3}, ", ", 3, 2), pcall(table.concat, {1, 2}, ",", 1, 3))
print(table.move({1, 2, 3}, 2, 3, 1)[1], pcall(table.move, {}, -1, math.maxinteger, 1))
print(pcall(table.move, {}, 1, 2, math.maxinteger))
local p = table.pack()
print(p.n, #p, table.pack(nil, nil).n)
