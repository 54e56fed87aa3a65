-- os.time with a table argument (local time zone independent checks), os.clock type
local t1 = os.time({year = 2020, month = 1, day = 1, hour = 12})
local t2 = os.time({year = 2020, month = 1, day = 2, hour = 12})
print(math.type(t1), t2 - t1)
local t3 = os.time({year = 2020, month = 3, day = 1, hour = 12})
print((t3 - t1) // 86400)  -- 2020 is a leap year: 31 + 29
local t4 = os.time({year = 2021, month = 1, day = 1, hour = 12})
print((t4 - t1) // 86400)
-- normalisation: month 13, day 0
local n1 = os.time({year = 2020, month = 13, day = 1, hour = 12})
print(n1 == t4)
local n2 = os.time({year = 2020, month = 3, day = 0, hour = 12})
print((n2 - t1) // 86400)
print(pcall(os.time, {year = 2020}))
print(math.type(os.time()), type(os.clock()), math.type(os.clock()))
local c0 = os.clock()
local s = 0
for i = 1, 100000 do s = s + i end
print(os.clock() >= c0, s)
local d = os.time({year = 2000, month = 6, day = 15, hour = 12, min = 30, sec = 15})
local d2 = os.time({year = 2000, month = 6, day = 15, hour = 12, min = 31, sec = 0})
print(d2 - d)
