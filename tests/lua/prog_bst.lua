-- binary search tree: insert, delete, traversal, height, range queries
local BST = {}
BST.__index = BST
function BST.new() return setmetatable({root = nil, size = 0}, BST) end
function BST:insert(k, v)
  local function ins(n)
    if not n then self.size = self.size + 1 return {k = k, v = v} end
    if k < n.k then n.l = ins(n.l) elseif k > n.k then n.r = ins(n.r) else n.v = v end
    return n
  end
  self.root = ins(self.root)
end
function BST:get(k) local n = self.root while n do if k == n.k then return n.v end n = k < n.k and n.l or n.r end end
function BST:delete(k)
  local function minnode(n) while n.l do n = n.l end return n end
  local function del(n, k)
    if not n then return nil end
    if k < n.k then n.l = del(n.l, k) elseif k > n.k then n.r = del(n.r, k)
    else
      if not n.l then self.size = self.size - 1 return n.r end
      if not n.r then self.size = self.size - 1 return n.l end
      local m = minnode(n.r)
      n.k, n.v = m.k, m.v
      n.r = del(n.r, m.k)
    end
    return n
  end
  self.root = del(self.root, k)
end
function BST:inorder() local out = {} local function walk(n) if n then walk(n.l) out[#out + 1] = n.k walk(n.r) end end walk(self.root) return out end
function BST:height() local function h(n) if not n then return 0 end return 1 + math.max(h(n.l), h(n.r)) end return h(self.root) end
function BST:range(lo, hi)
  local out = {}
  local function walk(n)
    if not n then return end
    if lo < n.k then walk(n.l) end
    if lo <= n.k and n.k <= hi then out[#out + 1] = n.k end
    if hi > n.k then walk(n.r) end
  end
  walk(self.root)
  return out
end
local t = BST.new()
for _, k in ipairs({50, 30, 70, 20, 40, 60, 80, 35, 45, 65}) do t:insert(k, "v" .. k) end
print(table.concat(t:inorder(), " "), t.size, t:height())
print(t:get(45), t:get(99), t:get(50))
t:delete(30) t:delete(50) t:delete(99)
print(table.concat(t:inorder(), " "), t.size, t:height())
print(table.concat(t:range(33, 66), " "))
local s = BST.new()
for _, w in ipairs({"pear", "apple", "fig", "kiwi", "banana", "cherry"}) do s:insert(w, #w) end
print(table.concat(s:inorder(), ","), s:get("kiwi"))
local big = BST.new()
local x = 1
for i = 1, 1000 do x = (x * 7919) % 10007 big:insert(x, i) end
print(big.size, big:height() < 40, #big:range(1, 100))
