-- multiple results adjustment in calls, assignments, constructors, returns
local function mr() return 1, 2, 3 end
local function none() end
local a, b, c, d = mr()
print(a, b, c, d)
a, b, c, d = mr(), 10
print(a, b, c, d)
a, b, c, d = 0, mr()
print(a, b, c, d)
print(mr(), mr())
print((mr()))
print(({mr(), mr()})[5] == nil, #{mr(), mr()})
print(#{none()}, #{none(), 1}, select('#', none()), select('#', (none())))
local t = {}
t.x, t.y = mr()
print(t.x, t.y)
local function ret() return mr() end
print(ret())
local function retp() return (mr()) end
print(retp())
print(mr() + 10)
print("x" .. mr())
print(string.rep(mr()))  -- rep("1", 2, "3") -> "131"?
local s = string.format("%d %d %d", mr())
print(s)
