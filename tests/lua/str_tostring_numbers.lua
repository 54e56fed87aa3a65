-- number-to-string conversions used by concat, tostring and string.format('%s')
local vals = {0, -0, 0.0, -0.0, 1, 1.0, -1.5, 1e15, 1e16, 123456789012345, 0.1, 1e-7, 2^63, -2^63, math.mininteger}
for _, v in ipairs(vals) do
  print(tostring(v), v .. "", string.format("%s", v), math.type(v))
end
