-- sorting algorithms compared against table.sort
local function lcg(seed) local s = seed return function() s = (s * 6364136223846793005 + 1442695040888963407) return (s >> 33) % 10000 end end
local function gen(n, seed) local r = lcg(seed) local t = {} for i = 1, n do t[i] = r() end return t end
local function copy(t) local c = {} for i = 1, #t do c[i] = t[i] end return c end
local function same(a, b) if #a ~= #b then return false end for i = 1, #a do if a[i] ~= b[i] then return false end end return true end
local function bubble(t) local n = #t repeat local swapped = false for i = 2, n do if t[i - 1] > t[i] then t[i - 1], t[i] = t[i], t[i - 1] swapped = true end end n = n - 1 until not swapped return t end
local function insertion(t) for i = 2, #t do local v = t[i] local j = i - 1 while j >= 1 and t[j] > v do t[j + 1] = t[j] j = j - 1 end t[j + 1] = v end return t end
local function selection(t) for i = 1, #t - 1 do local m = i for j = i + 1, #t do if t[j] < t[m] then m = j end end t[i], t[m] = t[m], t[i] end return t end
local function merge_sort(t)
  if #t <= 1 then return t end
  local mid = #t // 2
  local l, r = {}, {}
  for i = 1, mid do l[#l + 1] = t[i] end
  for i = mid + 1, #t do r[#r + 1] = t[i] end
  l, r = merge_sort(l), merge_sort(r)
  local out, i, j = {}, 1, 1
  while i <= #l and j <= #r do
    if l[i] <= r[j] then out[#out + 1] = l[i] i = i + 1 else out[#out + 1] = r[j] j = j + 1 end
  end
  while i <= #l do out[#out + 1] = l[i] i = i + 1 end
  while j <= #r do out[#out + 1] = r[j] j = j + 1 end
  return out
end
local function quick(t, lo, hi)
  lo, hi = lo or 1, hi or #t
  if lo < hi then
    local p = t[(lo + hi) // 2]
    local i, j = lo, hi
    while i <= j do
      while t[i] < p do i = i + 1 end
      while t[j] > p do j = j - 1 end
      if i <= j then t[i], t[j] = t[j], t[i] i = i + 1 j = j - 1 end
    end
    quick(t, lo, j) quick(t, i, hi)
  end
  return t
end
local function heap(t)
  local n = #t
  local function sift(start, stop)
    local root = start
    while 2 * root <= stop do
      local child = 2 * root
      if child + 1 <= stop and t[child] < t[child + 1] then child = child + 1 end
      if t[root] < t[child] then t[root], t[child] = t[child], t[root] root = child else return end
    end
  end
  for s = n // 2, 1, -1 do sift(s, n) end
  for e = n, 2, -1 do t[1], t[e] = t[e], t[1] sift(1, e - 1) end
  return t
end
local function shell(t)
  local gap = #t // 2
  while gap > 0 do
    for i = gap + 1, #t do
      local v, j = t[i], i
      while j > gap and t[j - gap] > v do t[j] = t[j - gap] j = j - gap end
      t[j] = v
    end
    gap = gap // 2
  end
  return t
end
local function counting(t)
  local counts, out = {}, {}
  for _, v in ipairs(t) do counts[v] = (counts[v] or 0) + 1 end
  for v = 0, 9999 do for _ = 1, counts[v] or 0 do out[#out + 1] = v end end
  return out
end
local algos = {{"bubble", bubble}, {"insertion", insertion}, {"selection", selection}, {"merge", merge_sort}, {"quick", quick}, {"heap", heap}, {"shell", shell}, {"counting", counting}}
for _, size in ipairs({0, 1, 2, 10, 300}) do
  local data = gen(size, size + 1)
  local ref = copy(data)
  table.sort(ref)
  local res = {}
  for _, a in ipairs(algos) do res[#res + 1] = a[1] .. "=" .. tostring(same(a[2](copy(data)), ref)) end
  print(size, table.concat(res, " "))
end
local d = gen(20, 99)
print(table.concat(quick(d), " "))
