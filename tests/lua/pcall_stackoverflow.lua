-- stack overflow becomes a catchable error; VM remains usable
-- frames with many locals reach the limit quickly
local function rec(n)
  local a1, a2, a3, a4, a5, a6, a7, a8, a9, a10 = n, n, n, n, n, n, n, n, n, n
  local b1, b2, b3, b4, b5, b6, b7, b8, b9, b10 = n, n, n, n, n, n, n, n, n, n
  local c1, c2, c3, c4, c5, c6, c7, c8, c9, c10 = n, n, n, n, n, n, n, n, n, n
  local d1, d2, d3, d4, d5, d6, d7, d8, d9, d10 = n, n, n, n, n, n, n, n, n, n
  local e1, e2, e3, e4, e5, e6, e7, e8, e9, e10 = n, n, n, n, n, n, n, n, n, n
  return 1 + rec(n + 1)
end
local ok, e = pcall(rec, 1)
print(ok, type(e), e:find("stack overflow") ~= nil)
local function rec2()
  local a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10
  local c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10
  local t = {rec2()} return t
end
ok, e = pcall(rec2)
print(ok, e:find("stack overflow") ~= nil)
-- infinite __index function recursion
local t = setmetatable({}, {})
getmetatable(t).__index = function(s, k) return s[k] end
ok, e = pcall(function() return t.x end)
print(ok, e:find("stack overflow") ~= nil)
-- still works afterwards
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(10))
-- deep but finite recursion is fine
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(depth(10000))
-- tail calls do not grow the stack
local function tail(n) if n == 0 then return "tail done" end return tail(n - 1) end
print(tail(1000000))
