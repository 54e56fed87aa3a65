-- stdlib differential: math.random sequences per seed, math edge cases, os.time/os.date
for _, seed in ipairs({0, 1, 42, -7, math.maxinteger, math.mininteger}) do
  print(math.randomseed(seed))
  local t = {}
  for i = 1, 5 do t[#t + 1] = math.random(1, 100) end
  for i = 1, 3 do t[#t + 1] = math.random() end
  t[#t + 1] = math.random(0)
  t[#t + 1] = math.random(math.mininteger, math.maxinteger)
  t[#t + 1] = math.random(-10, 10)
  t[#t + 1] = math.random(7)
  t[#t + 1] = math.random(3, 2^40)
  print(table.concat(t, " "))
end
math.randomseed(5, 6) print(math.random(1000))
print(pcall(math.random, 0, -1), pcall(math.random, 1, 2, 3), pcall(math.random, "a"))
print(pcall(math.randomseed, "x"))
math.randomseed(3.0) print(math.random(100))
for _, v in ipairs({0, -0.0, 1.5, -1.5, 2^53, -2^63, 2^63, 1/0, -1/0, 3, -3, "4", "-2.5", "0x10"}) do
  print(v, pcall(math.floor, v), pcall(math.ceil, v), pcall(math.abs, v), math.tointeger(v), math.type(v), pcall(math.modf, v), pcall(math.fmod, v, 3))
end
print(math.max(1, 2, 3), math.min(1, 2, 3), math.max(-0.0, 0), math.min(0, -0.0), math.max(1, 1.0), math.min(1.0, 1))
print(math.max("a", "b"), pcall(math.min, 1, {}), math.max(3))
print(math.fmod(7, -3), math.fmod(-7, 3), math.fmod(7, 3.5), math.fmod(-7, math.huge), pcall(math.fmod, 1, 0))
print(math.fmod(math.mininteger, -1), math.fmod(5, math.mininteger), math.fmod(math.mininteger, math.mininteger))
print(math.log(0), math.log(-1), math.log(2, 2), math.log(1024, 2), math.log(1000, 10), math.log(8, 0), math.log(2.718281828459045))
print(math.exp(1), math.sqrt(-1), math.sin(0), math.cos(math.pi), math.atan(1, -1), math.atan(-0.0, -1))
print(math.ult(1, 2), math.ult(-1, 2), math.ult(2, -1), pcall(math.ult, 1.5, 2))
print(math.abs(math.mininteger), math.abs(-0.0), math.abs(-2^63))
print(8 // 0.0, -8 // 0.0, 0/0 ~= 0/0, math.huge // 1)
print(string.format("%.3f", os.clock() * 0), os.time{year=2000, month=1, day=1, hour=0})
print(os.date("!%Y-%m-%d %H:%M:%S", 0), os.date("!%Y-%m-%d %H:%M:%S", 951782400), os.date("!%j %a %A %b %B %p %y %C %e %D %F %T %u %w %W %U %V %G %g %I %R %n%t|%%", 1000000000))
local t = os.date("*t", 1234567890)
print(t.year, t.month, t.day, t.hour, t.min, t.sec, t.yday, t.wday, t.isdst)
t = os.date("!*t", -1)
print(t.year, t.month, t.day, t.hour, t.min, t.sec, t.yday, t.wday, t.isdst)
print(os.time(os.date("*t", 1700000000)), os.time({year=1969, month=12, day=31, hour=23, min=59, sec=58}))
print(pcall(os.time, {year=1969, month=12, day=31, hour=23, min=59, sec=59}))
print(os.time({year=2024, month=2, day=30, hour=25, min=-5, sec=3600}))
local tt = {year=2024, month=0, day=0}
print(os.time(tt), tt.year, tt.month, tt.day, tt.hour, tt.yday, tt.wday)
print(pcall(os.time, {year="x", month=1, day=1}), pcall(os.time, {year=2^40, month=1, day=1}))
print(pcall(os.date, "%Q"), pcall(os.date, "%"), os.date("%Ey", 0), os.date("%Od", 0))
print(os.difftime(10, 3), pcall(os.difftime, 1.5, 1), os.getenv("NONEXISTENT_VAR_X"), type(os.getenv("HOME")))
print(os.date("%c", 0), os.date("!%x %X", 0), #os.date())
print(pcall(os.date, "*t", 2^62))
