-- select with negative indices, huge indices, and used as a loop
local function last(...) return (select(-1, ...)) end
print(last(1, 2, 3), last("only"))
local function rev(...)
  local n = select('#', ...)
  local out = {}
  for i = n, 1, -1 do out[#out + 1] = tostring((select(i, ...))) end
  return table.concat(out, ",")
end
print(rev(1, nil, 3), rev())
print(select(2, select(2, 1, 2, 3, 4)))
print(select('#', select(10, 1, 2)))
print(pcall(select, 1.5, 1))
print(select(2.0, "a", "b"))
print(select("2", "a", "b"))
print(select(math.maxinteger, 1))
print(pcall(select, math.mininteger, 1))
