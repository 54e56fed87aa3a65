-- bench: numeric for loops, while loops, integer and float arithmetic
local n = tonumber(arg and arg[1]) or 15000
local isum, fsum = 0, 0.0
for i = 1, n do
  for j = 1, 1000 do
    isum = isum + (i ~ j) % 7
    fsum = fsum + j * 0.5
  end
end
local k, w = 0, 0
while k < n * 300 do
  k = k + 1
  if k % 3 == 0 then w = w + k // 3 else w = w - 1 end
end
print("loops", n, isum, string.format("%.1f", fsum), w)
