-- coroutine.wrap generators and error propagation
local function gen(n)
  return coroutine.wrap(function()
    for i = 1, n do coroutine.yield(i) end
    return "last"
  end)
end
local g = gen(3)
print(g(), g(), g(), g())
print(pcall(g))
local function range(a, b, step)
  return coroutine.wrap(function() for i = a, b, step or 1 do coroutine.yield(i) end end)
end
local t = {}
for v in range(10, 1, -3) do t[#t + 1] = v end
print(table.concat(t, " "))
local bad = coroutine.wrap(function() error("inside wrap") end)
print(pcall(bad))
local bad2 = coroutine.wrap(function() error({code = 1}) end)
local ok, e = pcall(bad2)
print(ok, type(e), e.code)
-- permutations generator
local function permgen(a, n)
  n = n or #a
  if n <= 1 then coroutine.yield(a) else
    for i = 1, n do
      a[n], a[i] = a[i], a[n]
      permgen(a, n - 1)
      a[n], a[i] = a[i], a[n]
    end
  end
end
local count = 0
local seen = {}
for p in coroutine.wrap(function() permgen({1, 2, 3, 4}) end) do
  count = count + 1
  seen[#seen + 1] = table.concat(p)
end
table.sort(seen)
print(count, seen[1], seen[24])
