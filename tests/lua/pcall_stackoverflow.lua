-- stack overflow becomes a catchable error; VM remains usable
local function rec(n) return 1 + rec(n + 1) end
local ok, e = pcall(rec, 1)
print(ok, type(e), e:find("stack overflow") ~= nil)
local function rec2() local t = {rec2()} return t end
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
