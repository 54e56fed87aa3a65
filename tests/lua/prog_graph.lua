-- graph algorithms: BFS shortest path, DFS topological sort, connected components
local edges = {{"shirt", "tie"}, {"tie", "jacket"}, {"pants", "shoes"}, {"pants", "belt"}, {"belt", "jacket"}, {"shirt", "belt"}, {"socks", "shoes"}, {"undershorts", "pants"}, {"undershorts", "shoes"}}
local adj, nodes = {}, {}
for _, e in ipairs(edges) do
  adj[e[1]] = adj[e[1]] or {}
  table.insert(adj[e[1]], e[2])
  nodes[e[1]], nodes[e[2]] = true, true
end
local names = {}
for n in pairs(nodes) do names[#names + 1] = n end
table.sort(names)
for _, list in pairs(adj) do table.sort(list) end
local visited, order = {}, {}
local function dfs(n)
  visited[n] = true
  for _, m in ipairs(adj[n] or {}) do if not visited[m] then dfs(m) end end
  table.insert(order, 1, n)
end
for _, n in ipairs(names) do if not visited[n] then dfs(n) end end
print(table.concat(order, " < "))
local W, H = 10, 6
local maze = {
  "..........",
  ".####.###.",
  ".#......#.",
  ".#.####.#.",
  "...#......",
  "##.#.####.",
}
local function bfs(sx, sy, tx, ty)
  local dist = {[sy * 100 + sx] = 0}
  local queue, head = {{sx, sy}}, 1
  while head <= #queue do
    local x, y = queue[head][1], queue[head][2]
    head = head + 1
    if x == tx and y == ty then return dist[y * 100 + x] end
    for _, d in ipairs({{1, 0}, {-1, 0}, {0, 1}, {0, -1}}) do
      local nx, ny = x + d[1], y + d[2]
      if nx >= 1 and nx <= W and ny >= 1 and ny <= H and maze[ny]:sub(nx, nx) == "." and not dist[ny * 100 + nx] then
        dist[ny * 100 + nx] = dist[y * 100 + x] + 1
        queue[#queue + 1] = {nx, ny}
      end
    end
  end
end
print(bfs(1, 1, 10, 6), bfs(1, 1, 5, 6), bfs(1, 1, 3, 3), bfs(1, 1, 1, 6))
local parent = {}
local function find(x) while parent[x] ~= x do parent[x] = parent[parent[x]] x = parent[x] end return x end
local function union(a, b) parent[find(a)] = find(b) end
for i = 1, 12 do parent[i] = i end
for _, p in ipairs({{1, 2}, {2, 3}, {4, 5}, {6, 7}, {7, 8}, {8, 6}, {10, 11}}) do union(p[1], p[2]) end
local comps = {}
for i = 1, 12 do local r = find(i) comps[r] = (comps[r] or 0) + 1 end
local sizes = {}
for _, s in pairs(comps) do sizes[#sizes + 1] = s end
table.sort(sizes, function(a, b) return a > b end)
print(#sizes, table.concat(sizes, " "))
