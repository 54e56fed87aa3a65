-- bench: binary trees (allocation-heavy, exercises the collector)
local n = tonumber(arg and arg[1]) or 13
local function make(d) if d == 0 then return {} end d = d - 1 return {make(d), make(d)} end
local function check(t) if t[1] then return 1 + check(t[1]) + check(t[2]) end return 1 end
local mindepth = 4
local maxdepth = math.max(mindepth + 2, n)
local out = {}
out[#out + 1] = "stretch " .. check(make(maxdepth + 1))
local long = make(maxdepth)
for d = mindepth, maxdepth, 2 do
  local iters = 1 << (maxdepth - d + mindepth)
  local c = 0
  for i = 1, iters do c = c + check(make(d)) end
  out[#out + 1] = iters .. "@" .. d .. "=" .. c
end
out[#out + 1] = "long " .. check(long)
print("binarytrees", n, table.concat(out, " "))
