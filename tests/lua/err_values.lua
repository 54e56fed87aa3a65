-- error with non-string values
local ok, e = pcall(error, {code = 42})
print(ok, type(e), e.code)
print(pcall(error, 42))
print(pcall(error, 4.5))
print(pcall(error, true))
print(pcall(error, nil))
print(select('#', pcall(error)))
local obj = setmetatable({}, {__tostring = function() return "custom error object" end})
ok, e = pcall(error, obj)
print(ok, tostring(e), e == obj)
-- numbers as error messages get position info? (only strings do)
local function f() error(7) end
print(pcall(f))
local function g() error("7") end
print(pcall(g))
-- rethrowing keeps the value
ok, e = pcall(function()
  local ok2, e2 = pcall(error, {tag = "inner"})
  error(e2)
end)
print(ok, e.tag)
