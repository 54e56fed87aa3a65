-- hexadecimal float literals and hex in tonumber
print(0x1p4, 0x1P-1, 0xA.8p0, 0x.1p4, 0x10.0, 0xffp0)
print(0x1.8, 0xa.8, 0X1E, 0xaBcD)
print(math.type(0x10), math.type(0x10.0), math.type(0x1p0))
print(tonumber("0x1p4"), tonumber("0x1.8"), tonumber("  0x10  "), tonumber("0x"), tonumber("0xg"))
print(tonumber("-0x10"), tonumber("-0x1p1"))
print(string.format("%a", 1.0) == "0x1p+0", string.format("%a", 0.5))
print(1e2, 1E2, .5, 5., 3e-2, 0.5e1)
print(tonumber("1e"), tonumber("1e+"), tonumber(".e1"), tonumber("."), tonumber("5."), tonumber(".5"))
