-- a deque-based bank queue simulation driven by a deterministic generator
local Deque = {}
Deque.__index = Deque
function Deque.new() return setmetatable({first = 0, last = -1}, Deque) end
function Deque:push_back(v) self.last = self.last + 1 self[self.last] = v end
function Deque:push_front(v) self.first = self.first - 1 self[self.first] = v end
function Deque:pop_front() if self.first > self.last then return nil end local v = self[self.first] self[self.first] = nil self.first = self.first + 1 return v end
function Deque:pop_back() if self.first > self.last then return nil end local v = self[self.last] self[self.last] = nil self.last = self.last - 1 return v end
function Deque:size() return self.last - self.first + 1 end
local d = Deque.new()
d:push_back(1) d:push_back(2) d:push_front(0) d:push_front(-1)
print(d:pop_front(), d:pop_back(), d:size(), d:pop_front(), d:pop_front(), d:pop_front(), d:size())
local seed = 2024
local function rnd(n) seed = (seed * 48271) % 2147483647 return seed % n end
local q = Deque.new()
local tellers = {0, 0, 0}
local served, total_wait, max_len = 0, 0, 0
for t = 1, 2000 do
  if rnd(10) < 4 then q:push_back(t) end
  if rnd(50) == 0 then q:push_front(t) end   -- VIP
  for i = 1, #tellers do
    if tellers[i] <= t then
      local arrived = q:pop_front()
      if arrived then served = served + 1 total_wait = total_wait + (t - arrived) tellers[i] = t + 3 + rnd(6) end
    end
  end
  if q:size() > max_len then max_len = q:size() end
end
print("served", served, "waiting", q:size(), "max queue", max_len)
print(string.format("average wait %.3f", total_wait / served))
