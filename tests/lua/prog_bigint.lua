-- arbitrary-precision non-negative integers in base 10^7: factorials, powers, fibonacci
local BASE, WIDTH = 10000000, 7
local Big = {}
Big.__index = Big
local function norm(a) while #a > 1 and a[#a] == 0 do a[#a] = nil end return a end
function Big.from(n) local a = setmetatable({}, Big) repeat a[#a + 1] = n % BASE n = n // BASE until n == 0 return a end
function Big.__add(a, b)
  if type(a) == "number" then a = Big.from(a) end
  if type(b) == "number" then b = Big.from(b) end
  local r, carry = setmetatable({}, Big), 0
  for i = 1, math.max(#a, #b) do
    local s = (a[i] or 0) + (b[i] or 0) + carry
    r[i] = s % BASE carry = s // BASE
  end
  if carry > 0 then r[#r + 1] = carry end
  return r
end
function Big.__mul(a, b)
  if type(a) == "number" then a = Big.from(a) end
  if type(b) == "number" then b = Big.from(b) end
  local r = setmetatable({}, Big)
  for i = 1, #a + #b do r[i] = 0 end
  for i = 1, #a do
    local carry = 0
    for j = 1, #b do
      local cur = r[i + j - 1] + a[i] * b[j] + carry
      r[i + j - 1] = cur % BASE carry = cur // BASE
    end
    local k = i + #b
    while carry > 0 do local cur = r[k] + carry r[k] = cur % BASE carry = cur // BASE k = k + 1 end
  end
  return norm(r)
end
function Big.__eq(a, b) if #a ~= #b then return false end for i = 1, #a do if a[i] ~= b[i] then return false end end return true end
function Big.__tostring(a)
  local parts = {tostring(a[#a])}
  for i = #a - 1, 1, -1 do parts[#parts + 1] = string.format("%0" .. WIDTH .. "d", a[i]) end
  return table.concat(parts)
end
local f = Big.from(1)
for i = 2, 100 do f = f * i end
local s = tostring(f)
print(#s, s:sub(1, 30), s:sub(-30))
local digitsum = 0
for d in s:gmatch("%d") do digitsum = digitsum + tonumber(d) end
print("digit sum of 100!", digitsum)
local p = Big.from(1)
for i = 1, 200 do p = p * 2 end
print(tostring(p))
local a, b = Big.from(0), Big.from(1)
for i = 1, 300 do a, b = b, a + b end
print(tostring(a))
print(Big.from(12345) * Big.from(67890) == Big.from(12345 * 67890), tostring(Big.from(0) * 5))
