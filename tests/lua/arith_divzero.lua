-- division by zero: integer errors, float infinities
print(1 / 0, -1 / 0, 0 / 0 ~= 0 / 0)
print(1.0 // 0, -1 // 0.0)
print(pcall(function() return 1 // 0 end))
print(pcall(function() return 1 % 0 end))
local z = 0
print(pcall(function() return 10 // z end))
print(pcall(function() return 10 % z end))
print(5.5 % 0 ~= 5.5 % 0)  -- nan
print(1 % 0.0 ~= 1 % 0.0)
print(math.type(1 / 1), 1 / 1)
