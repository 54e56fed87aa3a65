-- dynamic programming: 0/1 knapsack with item reconstruction, longest increasing subsequence
local items = {{"map", 9, 150}, {"compass", 13, 35}, {"water", 153, 200}, {"sandwich", 50, 160}, {"glucose", 15, 60}, {"tin", 68, 45}, {"banana", 27, 60}, {"apple", 39, 40}, {"cheese", 23, 30}, {"beer", 52, 10}, {"suntan", 11, 70}, {"camera", 32, 30}}
local cap = 400
local best = {}
for w = 0, cap do best[w] = 0 end
local keep = {}
for i, it in ipairs(items) do
  keep[i] = {}
  for w = cap, it[2], -1 do
    local cand = best[w - it[2]] + it[3]
    if cand > best[w] then best[w] = cand keep[i][w] = true end
  end
end
local w, chosen = cap, {}
for i = #items, 1, -1 do if keep[i][w] then chosen[#chosen + 1] = items[i][1] w = w - items[i][2] end end
table.sort(chosen)
print(best[cap], cap - w, table.concat(chosen, ","))
local seq = {3, 10, 2, 1, 20, 4, 6, 7, 30, 5, 8, 9}
local len, prev = {}, {}
for i = 1, #seq do
  len[i], prev[i] = 1, nil
  for j = 1, i - 1 do if seq[j] < seq[i] and len[j] + 1 > len[i] then len[i] = len[j] + 1 prev[i] = j end end
end
local bi = 1
for i = 2, #seq do if len[i] > len[bi] then bi = i end end
local lis = {}
while bi do table.insert(lis, 1, seq[bi]) bi = prev[bi] end
print(#lis, table.concat(lis, " "))
