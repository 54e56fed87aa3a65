-- integer division and modulo over a grid of signs, compared with float results
local ok = true
for a = -12, 12 do
  for b = -5, 5 do
    if b ~= 0 then
      local q, r = a // b, a % b
      local fq, fr = a / b, math.fmod(a, b)
      if q ~= math.floor(fq) then ok = false print("q", a, b, q) end
      if r ~= a - q * b then ok = false print("r", a, b, r) end
      if math.type(q) ~= "integer" or math.type(r) ~= "integer" then ok = false end
      if fr ~= 0 and (fr < 0) ~= (a < 0) then ok = false print("fmod sign", a, b, fr) end
    end
  end
end
print("grid ok", ok)
print(7 // 3, 7 % 3, -7 // 3, -7 % 3, 7 // -3, 7 % -3, -7 // -3, -7 % -3)
print(math.fmod(-7, 3), math.fmod(7, -3), math.type(math.fmod(7, 3)), math.fmod(7.0, 3))
print(pcall(math.fmod, 7, 0))
