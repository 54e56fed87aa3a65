-- an ASCII Mandelbrot set
local chars = " .:-=+*#%@"
for y = -12, 12 do
  local row = {}
  for x = -39, 20 do
    local cr, ci = x / 20, y / 10
    local zr, zi, n = 0.0, 0.0, 0
    while n < 50 and zr * zr + zi * zi < 4 do
      zr, zi = zr * zr - zi * zi + cr, 2 * zr * zi + ci
      n = n + 1
    end
    local idx = n == 50 and #chars or (n % (#chars - 1)) + 1
    row[#row + 1] = chars:sub(idx, idx)
  end
  print(table.concat(row))
end
