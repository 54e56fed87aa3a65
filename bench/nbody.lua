-- bench: n-body simulation of the Jovian planets (float arithmetic, table fields)
local n = tonumber(arg and arg[1]) or 170000
local PI = math.pi
local SOLAR_MASS = 4 * PI * PI
local DAYS = 365.24
local function body(x, y, z, vx, vy, vz, mass)
  return {x = x, y = y, z = z, vx = vx * DAYS, vy = vy * DAYS, vz = vz * DAYS, mass = mass * SOLAR_MASS}
end
local bodies = {
  body(0, 0, 0, 0, 0, 0, 1),
  body(4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
       1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05, 9.54791938424326609e-04),
  body(8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
       -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05, 2.85885980666130812e-04),
  body(1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
       2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05, 4.36624404335156298e-05),
  body(1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
       2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05, 5.15138902046611451e-05),
}
local nb = #bodies
local function offset_momentum()
  local px, py, pz = 0.0, 0.0, 0.0
  for i = 1, nb do local b = bodies[i] px = px + b.vx * b.mass py = py + b.vy * b.mass pz = pz + b.vz * b.mass end
  local s = bodies[1]
  s.vx, s.vy, s.vz = -px / SOLAR_MASS, -py / SOLAR_MASS, -pz / SOLAR_MASS
end
local function energy()
  local e = 0.0
  for i = 1, nb do
    local b = bodies[i]
    e = e + 0.5 * b.mass * (b.vx * b.vx + b.vy * b.vy + b.vz * b.vz)
    for j = i + 1, nb do
      local c = bodies[j]
      local dx, dy, dz = b.x - c.x, b.y - c.y, b.z - c.z
      e = e - b.mass * c.mass / math.sqrt(dx * dx + dy * dy + dz * dz)
    end
  end
  return e
end
local function advance(dt)
  for i = 1, nb do
    local b = bodies[i]
    local bx, by, bz, bm = b.x, b.y, b.z, b.mass
    local bvx, bvy, bvz = b.vx, b.vy, b.vz
    for j = i + 1, nb do
      local c = bodies[j]
      local dx, dy, dz = bx - c.x, by - c.y, bz - c.z
      local d2 = dx * dx + dy * dy + dz * dz
      local mag = dt / (d2 * math.sqrt(d2))
      local cm = c.mass * mag
      bvx, bvy, bvz = bvx - dx * cm, bvy - dy * cm, bvz - dz * cm
      local bmm = bm * mag
      c.vx, c.vy, c.vz = c.vx + dx * bmm, c.vy + dy * bmm, c.vz + dz * bmm
    end
    b.vx, b.vy, b.vz = bvx, bvy, bvz
    b.x, b.y, b.z = bx + dt * bvx, by + dt * bvy, bz + dt * bvz
  end
end
offset_momentum()
local e0 = energy()
for i = 1, n do advance(0.01) end
print("nbody", n, string.format("%.9f %.9f", e0, energy()))
