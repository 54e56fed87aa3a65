-- integer-specific math: floor division identities, abs/ult, shifts
local samples = {0, 1, -1, 7, -7, 100, math.maxinteger, math.mininteger}
local ok = true
for _, a in ipairs(samples) do
  for _, b in ipairs({1, -1, 3, -3, 7}) do
    if not (a == math.mininteger and b == -1) then
      local q, r = a // b, a % b
      if q * b + r ~= a then ok = false print("identity fails", a, b) end
      if r ~= 0 and (r < 0) ~= (b < 0) then ok = false print("sign fails", a, b) end
    end
  end
end
print("floor identity", ok)
print(7 // 2, -7 // 2, 7 // -2, -7 // -2, 7 % 2, -7 % 2, 7 % -2, -7 % -2)
print(math.maxinteger // 2, math.mininteger // 2, math.mininteger % 3)
print(math.ult(math.maxinteger, math.mininteger), math.abs(-0), 0 // 5, -0 // 5)
local x = 1
for i = 1, 62 do x = x * 2 end
print(x, x * 2, x * 4)
print(5 // 2 * 2 + 5 % 2, (-5) // 2 * 2 + (-5) % 2)
