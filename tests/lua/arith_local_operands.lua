-- Operators whose operands are locals (Amber's superinstructions read a
-- local operand when the operator runs, like lua5.4's registers)
local a, b, s, f = 7, 2, "10", 2.5
print(a + b, a - b, a * b, a / b, a % b, a ^ b, a // b, a & b, a | b, a ~ b, a << b, a >> b)
print(a + 1, a - 1, a * 3, a / 2, a % 4, a ^ 2, a // 2, a & 6, a | 8, a ~ 1, a << 3, a >> 1)
print(f + a, f - 1, f * f, f % 1, f // 1, -a % b, a % -b, f % -2, a // -b)
print(s + a, a + s, s * 2, s // 3, s - f, s .. a)
print(a == b, a ~= b, a < b, a <= b, a > b, a >= b, a == 7, a ~= 7.0, a < 7.5, a > 6.5)
print(s == "10", s < "9", s <= "10", s > "1", s >= "10")
local t = {x = 1, 5, 6, [2.0] = "two"}
local i, k = 1, "x"
print(t[i], t[k], t.x, t[2], t.y, t[i] + t[i + 1])
t[i], t.x = t.x, t[i]
print(t[1], t.x)
t[k] = 9; t.z = i; print(t.x, t.z)
-- a + f() where f changes a: the new value is used (as lua5.4 does)
local function g() a = 100; return 1 end
print(a + g(), a)
a = 7
local function h() a = 50; return 1 end
print(a < h(), a == h(), a - h())
-- multiple assignment: a target's table is taken before later targets assign
local u, v = {}, {}
u.x, u = 1, v
print(u == v, v.x)
local w = {}
local j = 1
w[j], j = "first", 2
print(w[1], w[2], j)
-- metamethods through every form
local mt = {}
for _, e in ipairs({"add", "sub", "mul", "div", "mod", "pow", "idiv", "band", "bor",
    "bxor", "shl", "shr"}) do
  mt["__" .. e] = function(x, y)
    local l = type(x) == "table" and "T" or tostring(x)
    local r = type(y) == "table" and "T" or tostring(y)
    return e .. "(" .. l .. "," .. r .. ")"
  end
end
mt.__lt = function(x, y) return true end
mt.__le = function(x, y) return false end
mt.__eq = function(x, y) return true end
mt.__index = function(t, key) return "idx:" .. tostring(key) end
mt.__newindex = function(t, key, val) rawset(t, key, "set:" .. tostring(val)) end
local o, o2 = setmetatable({}, mt), setmetatable({}, mt)
print(o + a, o - 1, a * o, o / 2.5, o % o, o ^ 2, o // 3, o & 1, a | o, o ~ o, o << 1, o >> a)
print(1 - o, 2 * o, o - a)
print(o < a, o <= 1, a > o, o >= a, o == o2, o ~= o2, o < o2)
print(o.foo, o[a], o[k])
o.bar = 1; o[i] = 2
print(rawget(o, "bar"), rawget(o, 1))
local function m(self, x) return "method " .. tostring(x) end
local obj = {m = m}
print(obj:m(3))
-- errors name the local operands
local n
print(pcall(function() return n + 1 end))
print(pcall(function() return 1 - n end))
print(pcall(function() local z = 1 return z * n end))
print(pcall(function() return n < 1 end))
print(pcall(function() return n.x end))
print(pcall(function() n.x = 1 end))
print(pcall(function() return n[i] end))
print(pcall(function() n[i] = 1 end))
print(pcall(function() return n:m() end))
print(pcall(function() return obj:nope() end))
print(pcall(function() local tt = {} return tt.a.b end))
print(pcall(function() local z = 1.5 return z | 1 end))
print(pcall(function() local z = 0 return a // z end))
print(pcall(function() local z = 0 return a % z end))
print(pcall(function() return s + {} end))
print(pcall(function() local z = {} return z < 1 end))
-- loops with fused compare-and-jump and stores
local sum, p = 0, 1
while p <= 10 do sum = sum + p * p; p = p + 1 end
print(sum, p)
local x = 0.5
for q = 1, 5 do x = x * 2 - q end
print(x)
-- the same errors on locals of the running function
print(pcall(function() local n, i = nil, 1 return n + 1, i end))
print(pcall(function() local n, i = nil, 1 return i - n end))
print(pcall(function() local n, i = nil, 1 return i * n end))
print(pcall(function() local n = nil return n.x end))
print(pcall(function() local n, i = nil, 1 n[i] = 1 end))
print(pcall(function() local n, i = nil, 1 return n[i] end))
print(pcall(function() local n = nil return n:m() end))
print(pcall(function() local n = {} return n.f.g end))
print(pcall(function() local n, i = {}, 1 return n[i].g end))
print(pcall(function() local n = {} return n.f() end))
print(pcall(function() local n = {} return n.f + 1 end))
-- multiple assignment with local tables: conflicts and calls on the right
local t1, t2 = {}, {}
local function swap() t1, t2 = t2, t1; return 3 end
t1.a, t1.b = 1, swap()
print(t1.a, t1.b, t2.a, t2.b)
local r, q = {}, 1
r[q], q = 10, 2
print(r[1], r[2], q)
q, r[q] = 5, 20
print(r[2], r[5], q)
local arr = {1, 2, 3}
local x1, x2 = 1, 3
arr[x1], arr[x2] = arr[x2], arr[x1]
print(arr[1], arr[2], arr[3])
-- a computed left operand with a local right operand
local c1, c2 = 3, 4.5
print((a + 1) * c1, (a + 1) - c2, 1 - c1, 2 ^ c1, 7 // c1, 7.5 % c1, 6 & c1, (a + 0) << c1)
print(pcall(function() local z return (1 + 1) * z end))
print((o + 1) .. "", pcall(function() return ({}).x - c1 end))
