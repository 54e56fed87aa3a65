-- invalid assignment targets and expression statements
local srcs = {"1 = 2", "'a' = 1", "a + b = 1", "f() = 1", "a, f() = 1, 2", "(a) = 1", "a.b:c() = 1", "x", "x.y", "-x", "nil = 1", "true = false", "... = 1", "a[1]", "a = 1 = 2", "local function f.g() end", "function f:g.h() end"}
for _, s in ipairs(srcs) do
  local f, e = load(s)
  print(string.format("%-26s %s", s, f and "ok" or e))
end
