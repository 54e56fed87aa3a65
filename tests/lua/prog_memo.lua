-- memoization helpers: generic memoize, fibonacci, partitions, edit distance, LCS
local function memoize(f)
  local cache = {}
  return function(n)
    local v = cache[n]
    if v == nil then v = f(n) cache[n] = v end
    return v
  end
end
local calls = 0
local fib
fib = memoize(function(n) calls = calls + 1 if n < 2 then return n end return fib(n - 1) + fib(n - 2) end)
print(fib(90), calls)
local function memo2(f)
  local cache = {}
  return function(a, b)
    local key = a .. "," .. b
    local v = cache[key]
    if v == nil then v = f(a, b) cache[key] = v end
    return v
  end
end
local partitions
partitions = memo2(function(n, k)
  if n == 0 then return 1 end
  if n < 0 or k == 0 then return 0 end
  return partitions(n - k, k) + partitions(n, k - 1)
end)
print(partitions(100, 100), partitions(10, 10))
local function edit_distance(a, b)
  local d = {}
  for i = 0, #a do d[i] = {[0] = i} end
  for j = 0, #b do d[0][j] = j end
  for i = 1, #a do
    for j = 1, #b do
      local cost = a:sub(i, i) == b:sub(j, j) and 0 or 1
      d[i][j] = math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
    end
  end
  return d[#a][#b]
end
print(edit_distance("kitten", "sitting"), edit_distance("", "abc"), edit_distance("flaw", "lawn"), edit_distance("same", "same"))
local function lcs(a, b)
  local L = {}
  for i = 0, #a do L[i] = {} for j = 0, #b do L[i][j] = 0 end end
  for i = 1, #a do for j = 1, #b do
    if a:byte(i) == b:byte(j) then L[i][j] = L[i - 1][j - 1] + 1 else L[i][j] = math.max(L[i - 1][j], L[i][j - 1]) end
  end end
  local out, i, j = {}, #a, #b
  while i > 0 and j > 0 do
    if a:byte(i) == b:byte(j) then table.insert(out, 1, a:sub(i, i)) i = i - 1 j = j - 1
    elseif L[i - 1][j] >= L[i][j - 1] then i = i - 1 else j = j - 1 end
  end
  return table.concat(out)
end
print(lcs("AGGTAB", "GXTXAYB"), lcs("ABCBDAB", "BDCABA"))
local coins = {1, 5, 10, 25, 50}
local ways = {[0] = 1}
for i = 1, 300 do ways[i] = 0 end
for _, c in ipairs(coins) do for i = c, 300 do ways[i] = ways[i] + ways[i - c] end end
print(ways[100], ways[300])
