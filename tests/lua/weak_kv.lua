-- fully weak tables (__mode = "kv"), mode strings, and collectgarbage's
-- options around weak tables.

local function count(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n
end

local t = setmetatable({}, {__mode = "kv"})
local k1, v1 = {}, {}
t[k1] = "string value"     -- key held, value a string: stays
t["string key"] = v1       -- value held: stays
t[{}] = "gone: key"
t["gone: value"] = {}
t[1] = {}                  -- array part, weak value: gone
t[2] = v1                  -- held: stays
t[{}] = {}
collectgarbage()
print("kv", count(t), t[k1], t["string key"] == v1, t[1], t[2] == v1)

-- other mode strings: anything with a 'k' and/or a 'v'
local modes = {"k", "v", "kv", "vk", "weak keys", "values", "", "x", "KV"}
for _, m in ipairs(modes) do
  local w = setmetatable({}, {__mode = m})
  w[{}] = {}           -- dropped if keys or values are weak
  w[1] = {}            -- dropped if values are weak
  w.s = {}             -- dropped if values are weak
  collectgarbage()
  print(string.format("%-12s %d", "[" .. m .. "]", count(w)))
end

-- a non-string __mode makes no weak table
local n = setmetatable({}, {__mode = 1})
n[{}] = 1
collectgarbage()
print("numeric mode", count(n))

-- a mode given after the metatable was set (Lua reads it when the table is
-- traversed)
local mt = {}
local late = setmetatable({}, mt)
late[{}] = 1
collectgarbage()
print("before __mode", count(late))
mt.__mode = "k"
collectgarbage()
print("after __mode", count(late))
late[{}] = 1
mt.__mode = nil
collectgarbage()
print("mode removed", count(late))

-- the metatable itself becomes garbage only with its table
do
  local w = setmetatable({}, {__mode = "v"})
  w[1] = {}
  collectgarbage()
  print("metatable alive", getmetatable(w).__mode, count(w))
end

-- collectgarbage's answers stay sane
print(collectgarbage("collect"), collectgarbage())
print(type(collectgarbage("count")), collectgarbage("count") > 0)
print(collectgarbage("isrunning"))
print(collectgarbage("stop"), collectgarbage("isrunning"))
print(collectgarbage("restart"), collectgarbage("isrunning"))
print(math.type(collectgarbage("setpause", 150)), math.type(collectgarbage("setpause", 200)))
print(math.type(collectgarbage("setstepmul", 300)), math.type(collectgarbage("setstepmul", 100)))
print(type(collectgarbage("step")), type(collectgarbage("step", 10)))
collectgarbage("stop")
local w = setmetatable({}, {__mode = "k"})
w[{}] = 1
collectgarbage()
print("collect while stopped", count(w), collectgarbage("isrunning"))
for i = 1, 10 do w[{}] = i end
for i = 1, 5 do collectgarbage("step") end
print("step while stopped", collectgarbage("isrunning"))
collectgarbage()
print("collect again", count(w))
collectgarbage("restart")
print(pcall(collectgarbage, "nonsense"))
