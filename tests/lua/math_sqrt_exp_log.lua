-- sqrt/exp/log precision checks via formatting
local function f(x) return string.format("%.12g", x) end
print(f(math.sqrt(2)), f(math.sqrt(1e10)), f(math.exp(10)), f(math.exp(-1)))
print(f(math.log(10)), f(math.log(2, 10)), f(math.log(1000, 10)), f(math.log(2 ^ 40, 2)))
print(math.log(8, 2), math.log(1024, 2), math.log(100, 10), math.log(0.5, 2))
print(math.sqrt(-0.0), math.exp(-math.huge), math.log(math.huge), math.exp(710))
print(math.log(-1) ~= math.log(-1), math.sqrt(math.huge))
print(f(2 ^ 0.5), f(10 ^ -3), f(math.pi ^ 2))
