-- Conway's game of life on a small torus
local W, H = 20, 10
local function new() local g = {} for y = 1, H do g[y] = {} for x = 1, W do g[y][x] = false end end return g end
local g = new()
for _, p in ipairs({{2, 1}, {3, 2}, {1, 3}, {2, 3}, {3, 3}}) do g[p[2]][p[1]] = true end  -- glider
for _, p in ipairs({{12, 5}, {13, 5}, {14, 5}}) do g[p[2]][p[1]] = true end              -- blinker
local function step(g)
  local n = new()
  for y = 1, H do for x = 1, W do
    local c = 0
    for dy = -1, 1 do for dx = -1, 1 do
      if dx ~= 0 or dy ~= 0 then
        if g[(y + dy - 1) % H + 1][(x + dx - 1) % W + 1] then c = c + 1 end
      end
    end end
    n[y][x] = c == 3 or (c == 2 and g[y][x])
  end end
  return n
end
local function show(g) for y = 1, H do local row = {} for x = 1, W do row[x] = g[y][x] and "#" or "." end print(table.concat(row)) end end
local function population(g) local c = 0 for y = 1, H do for x = 1, W do if g[y][x] then c = c + 1 end end end return c end
show(g)
for i = 1, 4 do g = step(g) end
print("after 4 generations, population", population(g))
show(g)
for i = 1, 36 do g = step(g) end
print("after 40 generations, population", population(g))
show(g)
