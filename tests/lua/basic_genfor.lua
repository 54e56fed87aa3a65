-- generic for: ipairs, custom iterators, stateless iterators, next
local t = {10, 20, 30, nil, 50}
for i, v in ipairs(t) do print(i, v) end
local function range(n)
  local i = 0
  return function() i = i + 1; if i <= n then return i end end
end
for v in range(3) do io.write(v, ",") end print()
local function iter(s, c) if c < s then return c + 1, c * c end end
for a, b in iter, 4, 0 do print(a, b) end
local keys = {}
for k in pairs({x = 1, y = 2, z = 3}) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, " "))
local n = 0
for k, v in next, {1, 2, 3} do n = n + v end
print(n)
for k, v in pairs({}) do print("never") end
