-- metamethods for mixed operand kinds and the string-to-number fallback
local M = {__add = function(a, b) return "M.add" end, __concat = function(a, b) return "M.concat" end,
           __lt = function(a, b) return true end, __le = function(a, b) return false end,
           __unm = function(a) return "M.unm" end, __len = function() return 5 end,
           __mod = function(a, b) return "M.mod" end, __idiv = function() return "M.idiv" end,
           __div = function() return "M.div" end, __pow = function() return "M.pow" end,
           __mul = function() return "M.mul" end, __sub = function() return "M.sub" end}
local m = setmetatable({}, M)
print(m + 1, 1 + m, "s" + m, m + "s", m .. 1, 1 .. m, m .. "x", true and m .. m)
print(m < 1, 1 < m, m <= 1, "a" <= m)
print(-m, #m, m % 2, 2 % m, m // 1, m / 1, m ^ 2, m * 3, 3 - m)
print(10 + "5", "3" * "4", "2" ^ "3", -"2", "10" // "3", "7" % "2")
print(pcall(function() return "a" + "b" end))
