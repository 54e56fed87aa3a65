-- %.17g and %a round-trip doubles exactly; %.14g is the print format
local vals = {0.1, 1/3, math.pi, 1e-300, 123456789.123, 2^-1074, 1.7976931348623157e308, -2.5}
for _, v in ipairs(vals) do
  local s17 = string.format("%.17g", v)
  local sa = string.format("%a", v)
  print(s17, tonumber(s17) == v, tonumber(sa) == v, tostring(v) == string.format("%.14g", v))
end
print(string.format("%.3g|%.10g|%g", 1234567, 1234567, 1234567))
print(string.format("%.0e|%#.0e|%.1e", 15000, 15000, 0.00015))
