-- singly and doubly linked lists with iterators and __len/__index/__tostring
local List = {}
List.__index = List
function List.new(...) local l = setmetatable({head = nil, n = 0}, List) for i = select('#', ...), 1, -1 do l:push((select(i, ...))) end return l end
function List:push(v) self.head = {v = v, next = self.head} self.n = self.n + 1 return self end
function List:pop() local h = self.head if h then self.head = h.next self.n = self.n - 1 return h.v end end
function List:iter() local node = self.head return function() if node then local v = node.v node = node.next return v end end end
function List:reverse() local prev, cur = nil, self.head while cur do cur.next, prev, cur = prev, cur, cur.next end self.head = prev return self end
function List:map(f) local out = {} for v in self:iter() do out[#out + 1] = f(v) end return List.new(table.unpack(out)) end
function List:filter(p) local out = {} for v in self:iter() do if p(v) then out[#out + 1] = v end end return List.new(table.unpack(out)) end
function List:reduce(f, acc) for v in self:iter() do acc = f(acc, v) end return acc end
List.__len = function(l) return l.n end
List.__tostring = function(l) local t = {} for v in l:iter() do t[#t + 1] = tostring(v) end return "(" .. table.concat(t, " ") .. ")" end
List.__concat = function(a, b) local t = {} for v in a:iter() do t[#t + 1] = v end for v in b:iter() do t[#t + 1] = v end return List.new(table.unpack(t)) end
local l = List.new(1, 2, 3, 4, 5)
print(tostring(l), #l)
print(tostring(l:map(function(x) return x * x end)))
print(tostring(l:filter(function(x) return x % 2 == 1 end)))
print(l:reduce(function(a, b) return a + b end, 0))
l:reverse()
print(tostring(l), l:pop(), tostring(l), #l)
local joined = l .. List.new("a", "b")
print(tostring(joined), #joined)
local big = List.new()
for i = 1, 10000 do big:push(i) end
print(#big, big:reduce(function(a, b) return a + b end, 0), big:reverse():pop())
