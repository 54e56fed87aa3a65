-- an LRU cache with a doubly linked list and a hash map
local LRU = {}
LRU.__index = LRU
function LRU.new(cap)
  local head, tail = {}, {}
  head.next, tail.prev = tail, head
  return setmetatable({cap = cap, map = {}, head = head, tail = tail, n = 0, hits = 0, misses = 0}, LRU)
end
local function unlink(node) node.prev.next, node.next.prev = node.next, node.prev end
function LRU:_front(node) node.next, node.prev = self.head.next, self.head self.head.next.prev = node self.head.next = node end
function LRU:get(k)
  local node = self.map[k]
  if not node then self.misses = self.misses + 1 return nil end
  self.hits = self.hits + 1
  unlink(node) self:_front(node)
  return node.v
end
function LRU:put(k, v)
  local node = self.map[k]
  if node then node.v = v unlink(node) self:_front(node) return end
  if self.n >= self.cap then
    local last = self.tail.prev
    unlink(last) self.map[last.k] = nil self.n = self.n - 1
  end
  node = {k = k, v = v}
  self.map[k] = node self:_front(node) self.n = self.n + 1
end
function LRU:keys() local out, n = {}, self.head.next while n ~= self.tail do out[#out + 1] = tostring(n.k) n = n.next end return table.concat(out, ",") end
local c = LRU.new(3)
c:put("a", 1) c:put("b", 2) c:put("c", 3)
print(c:keys())
print(c:get("a"), c:keys())
c:put("d", 4)
print(c:keys(), c:get("b"))
c:put("c", 30)
print(c:keys(), c:get("c"))
local big = LRU.new(100)
local function slow_square(n) return n * n end
local total = 0
for i = 1, 5000 do
  local k = (i % 7 == 0) and (i % 150) or (i * 37) % 90
  local v = big:get(k)
  if not v then v = slow_square(k) big:put(k, v) end
  total = total + v
end
print(total, big.hits, big.misses, big.n)
