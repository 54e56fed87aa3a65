-- an array-like proxy with bounds checking via __index/__newindex/__len
local function checked_array(n)
  local store = {}
  for i = 1, n do store[i] = 0 end
  return setmetatable({}, {
    __index = function(_, i)
      if math.type(i) ~= "integer" or i < 1 or i > n then error("index out of range: " .. tostring(i), 2) end
      return store[i]
    end,
    __newindex = function(_, i, v)
      if math.type(i) ~= "integer" or i < 1 or i > n then error("index out of range: " .. tostring(i), 2) end
      store[i] = v
    end,
    __len = function() return n end,
  })
end
local arr = checked_array(5)
for i = 1, #arr do arr[i] = i * i end
local out = {}
for i = 1, #arr do out[i] = arr[i] end
print(table.concat(out, " "), #arr, rawlen(arr))
print(pcall(function() return arr[6] end))
print(pcall(function() arr[0] = 1 end))
print(pcall(function() return arr.x end))
-- ipairs goes through __index and so runs into the bounds check at 6
local sum = 0
print(pcall(function() for i, v in ipairs(arr) do sum = sum + v end end))
print(sum)
