-- a binary-heap priority queue, used for Dijkstra's shortest paths and event simulation
local PQ = {}
PQ.__index = PQ
function PQ.new(cmp) return setmetatable({n = 0, cmp = cmp or function(a, b) return a < b end}, PQ) end
function PQ:push(v)
  self.n = self.n + 1
  local i = self.n
  self[i] = v
  while i > 1 do
    local p = i // 2
    if self.cmp(self[i], self[p]) then self[i], self[p] = self[p], self[i] i = p else break end
  end
end
function PQ:pop()
  if self.n == 0 then return nil end
  local top = self[1]
  self[1] = self[self.n]
  self[self.n] = nil
  self.n = self.n - 1
  local i = 1
  while true do
    local l, r, s = 2 * i, 2 * i + 1, i
    if l <= self.n and self.cmp(self[l], self[s]) then s = l end
    if r <= self.n and self.cmp(self[r], self[s]) then s = r end
    if s == i then break end
    self[i], self[s] = self[s], self[i]
    i = s
  end
  return top
end
function PQ:__len() return self.n end
local q = PQ.new()
for _, v in ipairs({5, 3, 8, 1, 9, 2, 7, 4, 6, 0}) do q:push(v) end
local out = {}
while #q > 0 do out[#out + 1] = q:pop() end
print(table.concat(out, " "))
local graph = {
  A = {B = 7, C = 9, F = 14}, B = {A = 7, C = 10, D = 15}, C = {A = 9, B = 10, D = 11, F = 2},
  D = {B = 15, C = 11, E = 6}, E = {D = 6, F = 9}, F = {A = 14, C = 2, E = 9},
}
local function dijkstra(src)
  local dist, prev = {[src] = 0}, {}
  local pq = PQ.new(function(a, b) if a[1] ~= b[1] then return a[1] < b[1] end return a[2] < b[2] end)
  pq:push({0, src})
  while #pq > 0 do
    local d, u = table.unpack(pq:pop())
    if d == dist[u] then
      local ns = {}
      for v in pairs(graph[u]) do ns[#ns + 1] = v end
      table.sort(ns)
      for _, v in ipairs(ns) do
        local nd = d + graph[u][v]
        if not dist[v] or nd < dist[v] then dist[v] = nd prev[v] = u pq:push({nd, v}) end
      end
    end
  end
  return dist, prev
end
local dist, prev = dijkstra("A")
for _, v in ipairs({"A", "B", "C", "D", "E", "F"}) do
  local path, n = {}, v
  while n do table.insert(path, 1, n) n = prev[n] end
  print(v, dist[v], table.concat(path, "->"))
end
-- discrete event simulation
local events = PQ.new(function(a, b) if a.t ~= b.t then return a.t < b.t end return a.id < b.id end)
local id = 0
local function schedule(t, what) id = id + 1 events:push({t = t, id = id, what = what}) end
schedule(5, "arrive"); schedule(1, "open"); schedule(5, "greet"); schedule(3, "coffee"); schedule(10, "close")
while #events > 0 do
  local e = events:pop()
  io.write(e.t, ":", e.what, " ")
  if e.what == "coffee" and e.t < 9 then schedule(e.t + 3, "coffee") end
end
print()
