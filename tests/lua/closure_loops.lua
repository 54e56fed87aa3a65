-- each loop iteration creates a fresh local
local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
print(fs[1](), fs[2](), fs[3]())
local gs = {}
for _, v in ipairs({"a", "b", "c"}) do gs[#gs + 1] = function() return v end end
print(gs[1](), gs[2](), gs[3]())
local hs = {}
local j = 1
while j <= 3 do
  local k = j
  hs[j] = function() k = k + 10; return k end
  j = j + 1
end
print(hs[1](), hs[1](), hs[2](), hs[3]())
local rs = {}
local n = 0
repeat
  n = n + 1
  local m = n
  rs[n] = function() return m end
until m >= 3
print(rs[1](), rs[2](), rs[3]())
-- closures in a loop share an outer variable
local shared = 0
local incs = {}
for i = 1, 3 do incs[i] = function() shared = shared + i end end
for i = 1, 3 do incs[i]() end
print(shared)
-- modifying the loop variable inside the closure does not affect the loop
local out = {}
for i = 1, 3 do
  local f = function() i = i * 100; return i end
  out[#out + 1] = f()
  out[#out + 1] = i
end
print(table.concat(out, " "))
