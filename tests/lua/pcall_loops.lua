-- many pcalls in loops, errors inside loops, state consistency
local ok_count, err_count = 0, 0
for i = 1, 1000 do
  local ok = pcall(function() if i % 7 == 0 then error("seven") end return i end)
  if ok then ok_count = ok_count + 1 else err_count = err_count + 1 end
end
print(ok_count, err_count)
local results = {}
for i = 1, 5 do
  local ok, v = pcall(function(n) return 10 // (n - 3) end, i)
  results[#results + 1] = ok and tostring(v) or "E"
end
print(table.concat(results, " "))
local acc = {}
for i = 1, 3 do
  local ok, err = pcall(function()
    for j = 1, 3 do
      acc[#acc + 1] = i * 10 + j
      if j == i then error("stop at " .. j, 0) end
    end
  end)
  acc[#acc + 1] = err
end
print(table.concat(acc, ","))
local deep = 0
local function nested(n) if n == 0 then error("bottom") end deep = deep + 1 local ok, e = pcall(nested, n - 1) error(e, 0) end
print(pcall(nested, 50))
print(deep)
