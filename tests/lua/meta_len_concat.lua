-- __len and __concat (only two-operand concatenations)
local t = setmetatable({1, 2, 3}, {__len = function(self) return 42 end})
print(#t, rawlen(t))
local s = setmetatable({}, {__len = function() return "not a number" end})
print(#s)
local C = {__concat = function(a, b)
  local av = type(a) == "table" and a.s or tostring(a)
  local bv = type(b) == "table" and b.s or tostring(b)
  return av .. "+" .. bv
end}
local x = setmetatable({s = "X"}, C)
print(x .. "str")
print("str" .. x)
print(x .. x)
print(1 .. x)
print(pcall(function() return {} .. "a" end))
local r = x .. "a"
print(r .. "b")  -- concatenating the (string) result is ordinary
