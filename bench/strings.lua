-- bench: string building: concatenation in loops, table.concat, string.format, gsub, find
local n = tonumber(arg and arg[1]) or 300
local total = 0
for rep = 1, n do
  local s = ""
  for i = 1, 300 do s = s .. (i % 10) end
  local parts = {}
  for i = 1, 2000 do parts[#parts + 1] = string.format("%d:%s;", i, "x") end
  local joined = table.concat(parts)
  local replaced, cnt = joined:gsub("(%d+):x", "%1=y")
  local words = 0
  for w in replaced:gmatch("%d+=y") do words = words + 1 end
  local up = replaced:upper():sub(1, 100)
  local pos = 0
  local found = 0
  while true do
    local a = joined:find("99", pos + 1, true)
    if not a then break end
    found = found + 1
    pos = a
  end
  total = total + #s + #joined + cnt + words + #up + found + #string.rep("ab", 100, ",")
end
print("strings", n, total)
