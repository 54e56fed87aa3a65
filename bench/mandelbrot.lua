-- bench: Mandelbrot set membership over a grid (float arithmetic)
local n = tonumber(arg and arg[1]) or 600
local iter = 50
local inside, checksum = 0, 0
for y = 0, n - 1 do
  local ci = 2.0 * y / n - 1.0
  for x = 0, n - 1 do
    local cr = 2.0 * x / n - 1.5
    local zr, zi, i = 0.0, 0.0, 0
    while i < iter do
      local zr2, zi2 = zr * zr, zi * zi
      if zr2 + zi2 > 4.0 then break end
      zi = 2.0 * zr * zi + ci
      zr = zr2 - zi2 + cr
      i = i + 1
    end
    if i == iter then inside = inside + 1 end
    checksum = (checksum * 31 + i) % 1000000007
  end
end
print("mandelbrot", n, inside, checksum)
