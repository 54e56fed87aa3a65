-- a small matrix library with metatables: add, mul, transpose, determinant, inverse
local Matrix = {}
Matrix.__index = Matrix
function Matrix.new(rows, cols, f)
  local m = setmetatable({rows = rows, cols = cols}, Matrix)
  for i = 1, rows do m[i] = {} for j = 1, cols do m[i][j] = f and f(i, j) or 0 end end
  return m
end
function Matrix.identity(n) return Matrix.new(n, n, function(i, j) return i == j and 1 or 0 end) end
function Matrix.from(t) return Matrix.new(#t, #t[1], function(i, j) return t[i][j] end) end
function Matrix.__add(a, b) return Matrix.new(a.rows, a.cols, function(i, j) return a[i][j] + b[i][j] end) end
function Matrix.__sub(a, b) return Matrix.new(a.rows, a.cols, function(i, j) return a[i][j] - b[i][j] end) end
function Matrix.__mul(a, b)
  if type(a) == "number" then return Matrix.new(b.rows, b.cols, function(i, j) return a * b[i][j] end) end
  if type(b) == "number" then return b * a end
  assert(a.cols == b.rows, "dimension mismatch")
  return Matrix.new(a.rows, b.cols, function(i, j) local s = 0 for k = 1, a.cols do s = s + a[i][k] * b[k][j] end return s end)
end
function Matrix.__eq(a, b)
  if a.rows ~= b.rows or a.cols ~= b.cols then return false end
  for i = 1, a.rows do for j = 1, a.cols do if math.abs(a[i][j] - b[i][j]) > 1e-9 then return false end end end
  return true
end
function Matrix.__tostring(m)
  local lines = {}
  for i = 1, m.rows do
    local row = {}
    for j = 1, m.cols do row[j] = string.format("%8.3f", m[i][j]) end
    lines[i] = table.concat(row, " ")
  end
  return table.concat(lines, "\n")
end
function Matrix:transpose() return Matrix.new(self.cols, self.rows, function(i, j) return self[j][i] end) end
function Matrix:det()
  local n = self.rows
  local a = Matrix.new(n, n, function(i, j) return self[i][j] end)
  local det = 1
  for c = 1, n do
    local p = c
    for r = c + 1, n do if math.abs(a[r][c]) > math.abs(a[p][c]) then p = r end end
    if a[p][c] == 0 then return 0 end
    if p ~= c then a[p], a[c] = a[c], a[p] det = -det end
    det = det * a[c][c]
    for r = c + 1, n do
      local f = a[r][c] / a[c][c]
      for k = c, n do a[r][k] = a[r][k] - f * a[c][k] end
    end
  end
  return det
end
function Matrix:inverse()
  local n = self.rows
  local a = Matrix.new(n, 2 * n, function(i, j) if j <= n then return self[i][j] end return (j - n == i) and 1 or 0 end)
  for c = 1, n do
    local p = c
    for r = c + 1, n do if math.abs(a[r][c]) > math.abs(a[p][c]) then p = r end end
    if math.abs(a[p][c]) < 1e-12 then error("singular matrix", 2) end
    a[p], a[c] = a[c], a[p]
    local pv = a[c][c]
    for k = 1, 2 * n do a[c][k] = a[c][k] / pv end
    for r = 1, n do
      if r ~= c then
        local f = a[r][c]
        for k = 1, 2 * n do a[r][k] = a[r][k] - f * a[c][k] end
      end
    end
  end
  return Matrix.new(n, n, function(i, j) return a[i][j + n] end)
end
local A = Matrix.from({{2, 1, 1}, {1, 3, 2}, {1, 0, 0}})
local B = Matrix.from({{1, 2, 3}, {4, 5, 6}, {7, 8, 9}})
print(A + B) print()
print(A * B) print()
print(2 * A - A == A, A * Matrix.identity(3) == A)
print(B:transpose()) print()
print(A:det(), B:det(), Matrix.identity(4):det())
local Ai = A:inverse()
print(Ai) print()
print(A * Ai == Matrix.identity(3), Ai * A == Matrix.identity(3))
print(pcall(Matrix.inverse, B))
print(pcall(function() return A * Matrix.new(2, 2) end))
local H = Matrix.new(6, 6, function(i, j) return 1 / (i + j - 1) end)
print(string.format("%.6e", H:det()))
