-- nested tables: deep building, deep copy, structural equality
local function deepcopy(v, seen)
  if type(v) ~= "table" then return v end
  seen = seen or {}
  if seen[v] then return seen[v] end
  local c = {}
  seen[v] = c
  for k, x in pairs(v) do c[deepcopy(k, seen)] = deepcopy(x, seen) end
  return setmetatable(c, getmetatable(v))
end
local function equal(a, b)
  if type(a) ~= type(b) then return false end
  if type(a) ~= "table" then return a == b end
  for k, v in pairs(a) do if not equal(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end
local orig = {a = {b = {c = {1, 2, 3}}}, list = {{x = 1}, {x = 2}}, s = "str"}
orig.self = orig
local cp = deepcopy(orig)
print(cp ~= orig, cp.self == cp, cp.a.b.c[3], cp.list[2].x)
cp.self, orig.self = nil, nil
print(equal(orig, cp))
cp.a.b.c[3] = 4
print(equal(orig, cp), orig.a.b.c[3])
local grid = {}
for i = 1, 5 do grid[i] = {} for j = 1, 5 do grid[i][j] = i * j end end
local diag = 0
for i = 1, 5 do diag = diag + grid[i][i] end
print(diag, grid[3][4], #grid, #grid[5])
local tree = {}
local node = tree
for i = 1, 100 do node.child = {depth = i} node = node.child end
local d, cur = 0, tree
while cur.child do d = d + 1 cur = cur.child end
print(d, cur.depth)
