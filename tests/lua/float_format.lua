-- float to string: %.14g and the ".0" suffix
local vals = {1.0, -1.0, 0.5, 100.0, 1e14, 1e15, 1e16, 1e100, -1e-5, 123456.789,
  2^53, 2^63, 2^64, 1/3, 2/3, 3.14159265358979, 1e-310, 5e-324, 1.7976931348623157e308,
  0.1 + 0.2, 100 / 3, 255 / 5, -0.0, 1e300 * 1e10, -1e300 * 1e10}
for _, v in ipairs(vals) do print(v) end
print(math.huge, -math.huge, math.pi, -math.pi)
print(2^24, 2.0^-1, 10 // 3.0)
print(string.format("%.14g", 0.1), string.format("%.17g", 0.1))
print(1e15 + 0.5, 12345678901234.5)
