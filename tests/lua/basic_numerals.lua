-- numeric literal forms
print(0, 00, 007, 1e0, 1E+1, 2e-1, 0.0, .0, 0x0, 0xA, 0Xa, 0x.8, 0x8., 0x1p-2)
print(123456789012345678)
print(1e308, 1e309, 2.2250738585072014e-308)
print(0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0xFFFFFFFFFFFFFFFF, 0x10000000000000000)
print(9223372036854775807, 9223372036854775808, 18446744073709551616)
print(3 == 3.0, 0x10 == 16, 1e2 == 100, math.type(1e2), math.type(100))
print(- 1, -0x1, - -1)
print(1//1, 1.//1, 3 % math.huge)
