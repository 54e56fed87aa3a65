-- local declarations, shadowing, scoping in blocks
local a, b, c = 1, 2
print(a, b, c)
local x = 10
do
  local x = x + 1
  print("inner", x)
  do
    local x = x * 2
    print("inner2", x)
  end
  print("inner again", x)
end
print("outer", x)
local p, q = 1, 2, 3
print(p, q)
local function f() return 1, 2, 3 end
local r1, r2, r3, r4 = f()
print(r1, r2, r3, r4)
local s1, s2 = f(), 10
print(s1, s2)
local u = (f())
print(u)
-- shadowing within same scope
local y = 1
local y = y + 1
print(y)
