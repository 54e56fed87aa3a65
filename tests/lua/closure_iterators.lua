-- closure-based iterators and higher-order functions
local function map(f, t) local r = {} for i, v in ipairs(t) do r[i] = f(v) end return r end
local function filter(p, t) local r = {} for _, v in ipairs(t) do if p(v) then r[#r + 1] = v end end return r end
local function reduce(f, acc, t) for _, v in ipairs(t) do acc = f(acc, v) end return acc end
local nums = {}
for i = 1, 10 do nums[i] = i end
print(table.concat(map(function(x) return x * x end, nums), " "))
print(table.concat(filter(function(x) return x % 3 == 0 end, nums), " "))
print(reduce(function(a, b) return a + b end, 0, nums), reduce(math.max, -math.huge, nums))
local function chars(s) local i = 0 return function() i = i + 1 if i <= #s then return i, s:sub(i, i) end end end
for i, c in chars("abc") do io.write(i, c, " ") end print()
local function zip(a, b) local i = 0 return function() i = i + 1 if a[i] ~= nil and b[i] ~= nil then return a[i], b[i] end end end
for x, y in zip({1, 2, 3}, {"a", "b"}) do io.write(x, y, " ") end print()
local function take(n, it) local c = 0 return function() c = c + 1 if c <= n then return it() end end end
local function naturals() local n = 0 return function() n = n + 1 return n end end
for v in take(5, naturals()) do io.write(v, " ") end print()
local function sorted_pairs(t) local ks = {} for k in pairs(t) do ks[#ks + 1] = k end table.sort(ks) local i = 0 return function() i = i + 1 local k = ks[i] if k ~= nil then return k, t[k] end end end
for k, v in sorted_pairs({z = 1, a = 2, m = 3}) do io.write(k, "=", v, " ") end print()
