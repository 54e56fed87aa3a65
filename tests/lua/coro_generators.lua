-- generator patterns: fibonacci, tree walk, interleaving
local function fibgen()
  return coroutine.wrap(function()
    local a, b = 0, 1
    while true do coroutine.yield(a); a, b = b, a + b end
  end)
end
local g = fibgen()
local t = {}
for i = 1, 15 do t[i] = g() end
print(table.concat(t, " "))
local tree = {v = 4, l = {v = 2, l = {v = 1}, r = {v = 3}}, r = {v = 6, l = {v = 5}, r = {v = 7}}}
local function walk(n) if n then walk(n.l); coroutine.yield(n.v); walk(n.r) end end
local out = {}
for v in coroutine.wrap(function() walk(tree) end) do out[#out + 1] = v end
print(table.concat(out, ","))
local function interleave(a, b)
  return coroutine.wrap(function()
    local ga, gb = coroutine.wrap(function() for _, x in ipairs(a) do coroutine.yield(x) end end),
                   coroutine.wrap(function() for _, x in ipairs(b) do coroutine.yield(x) end end)
    for i = 1, math.max(#a, #b) do
      if i <= #a then coroutine.yield(ga()) end
      if i <= #b then coroutine.yield(gb()) end
    end
  end)
end
out = {}
for v in interleave({1, 2, 3}, {"a", "b", "c", "d", "e"}) do out[#out + 1] = v end
print(table.concat(out, " "))
-- many coroutines alive at once
local cos = {}
for i = 1, 1000 do cos[i] = coroutine.create(function(x) local y = coroutine.yield(x * 2) return x + y end) end
local s = 0
for i = 1, 1000 do local _, v = coroutine.resume(cos[i], i); s = s + v end
for i = 1, 1000 do local _, v = coroutine.resume(cos[i], 1); s = s + v end
print(s)
