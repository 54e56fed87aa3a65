-- proxies: read-only tables, logging access, default values
local function readonly(t)
  return setmetatable({}, {__index = t, __newindex = function(_, k) error("attempt to modify read-only field '" .. tostring(k) .. "'", 2) end, __len = function() return #t end})
end
local days = readonly({"mon", "tue", "wed"})
print(days[1], #days, pcall(function() days[4] = "thu" end))
local log = {}
local function tracked(t)
  return setmetatable({}, {
    __index = function(_, k) log[#log + 1] = "get " .. tostring(k) return t[k] end,
    __newindex = function(_, k, v) log[#log + 1] = "set " .. tostring(k) .. "=" .. tostring(v) t[k] = v end,
  })
end
local p = tracked({x = 1})
p.y = p.x + 1
p.x = nil
local _ = p.x
print(table.concat(log, "; "))
local function with_default(d) return setmetatable({}, {__index = function() return d end}) end
local counts = with_default(0)
for w in ("a b a c b a"):gmatch("%a") do counts[w] = counts[w] + 1 end
print(counts.a, counts.b, counts.c, counts.zzz)
-- ipairs respects __index in 5.4
local virtual = setmetatable({}, {__index = function(_, i) if i <= 4 then return i * 10 end end})
local seen = {}
for i, v in ipairs(virtual) do seen[#seen + 1] = i .. ":" .. v end
print(table.concat(seen, " "))
