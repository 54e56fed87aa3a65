-- Huffman coding with deterministic tie-breaking; encode and decode
local text = "this is an example of a huffman tree built in lua for the amber test corpus"
local freq = {}
for c in text:gmatch(".") do freq[c] = (freq[c] or 0) + 1 end
local nodes = {}
local order = 0
for c, f in pairs(freq) do nodes[#nodes + 1] = {f = f, c = c, key = c} end
local function less(a, b) if a.f ~= b.f then return a.f < b.f end return a.key < b.key end
while #nodes > 1 do
  table.sort(nodes, less)
  local a = table.remove(nodes, 1)
  local b = table.remove(nodes, 1)
  order = order + 1
  nodes[#nodes + 1] = {f = a.f + b.f, l = a, r = b, key = "~" .. string.format("%04d", order)}
end
local codes = {}
local function walk(n, prefix)
  if n.c then codes[n.c] = prefix == "" and "0" or prefix return end
  walk(n.l, prefix .. "0") walk(n.r, prefix .. "1")
end
walk(nodes[1], "")
local chars = {}
for c in pairs(codes) do chars[#chars + 1] = c end
table.sort(chars, function(a, b) if freq[a] ~= freq[b] then return freq[a] > freq[b] end return a < b end)
for i = 1, 8 do print(string.format("%q", chars[i]), freq[chars[i]], codes[chars[i]]) end
local bits = text:gsub(".", codes)
print(#text * 8, #bits)
local decoded, n = {}, nodes[1]
for b in bits:gmatch(".") do
  n = b == "0" and n.l or n.r
  if n.c then decoded[#decoded + 1] = n.c n = nodes[1] end
end
print(table.concat(decoded) == text)
