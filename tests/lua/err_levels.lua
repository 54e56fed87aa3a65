-- error with levels and positions
local function lvl0() error("no position", 0) end
local function lvl1() error("level one") end
local function lvl2() error("level two", 2) end
local function caller() lvl2() end
print(pcall(lvl0))
print(pcall(lvl1))
print(pcall(caller))
local function lvl3() error("level three", 3) end
local function c1() lvl3() end
local function c2() c1() end
print(pcall(c2))
print(pcall(error))
print(pcall(error, nil))
print(pcall(error, "msg", 1))
print(pcall(error, "msg", 2))
local function deepmsg() error("x", 50) end
print(pcall(deepmsg))
