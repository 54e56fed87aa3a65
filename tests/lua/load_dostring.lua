-- using load as an expression evaluator, with errors and environments
local function eval(expr, env)
  local f, err = load("return " .. expr, "=expr", "t", env or {})
  if not f then return "compile error: " .. err end
  local ok, v = pcall(f)
  if not ok then return "runtime error: " .. v end
  return v
end
print(eval("1 + 2 * 3"))
print(eval("x * y", {x = 6, y = 7}))
print(eval("math.sqrt(16)", {math = math}))
print(eval("math.sqrt(16)"))
print(eval("1 +"))
print(eval("'a' .. 'b' .. 'c'"))
print(eval("{1, 2, 3}")[2])
print(eval("(function(...) return select('#', ...) end)(1, 2, 3)"))
local defs = {}
local ok = load("function double(x) return x * 2 end; value = double(21)", "=defs", "t", defs)
ok()
print(defs.value, type(defs.double), double)
