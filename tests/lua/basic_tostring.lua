-- tostring on basic values
print(tostring(nil), tostring(true), tostring(false))
print(tostring(10), tostring(10.0), tostring(-0.0), tostring(1/0), tostring(-1/0))
print(tostring(3.14159265358979), tostring(1e100), tostring(2^53), tostring(2^63))
print(tostring("str"))
print(type(tostring({})), tostring({}):sub(1, 7))
print(tostring(print):sub(1, 9))
print(tostring(12345678901234567890))
print(0.1, 1/3, 100.0, 1e14, 1e15, 123.456e2)
