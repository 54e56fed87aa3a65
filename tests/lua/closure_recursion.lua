-- recursive closures, mutual recursion, Y-combinator style
local function is_even(n) if n == 0 then return true end local is_odd
  is_odd = function(m) if m == 0 then return false end return is_even(m - 1) end
  return is_odd(n - 1) end
print(is_even(10), is_even(7))
local even, odd
function even(n) if n == 0 then return true end return odd(n - 1) end
function odd(n) if n == 0 then return false end return even(n - 1) end
print(even(100), odd(100), even(7))
local Y = function(f) return (function(x) return x(x) end)(function(x) return f(function(...) return x(x)(...) end) end) end
local fact = Y(function(self) return function(n) if n == 0 then return 1 end return n * self(n - 1) end end)
print(fact(10))
local function hanoi(n, from, to, via, moves)
  if n == 0 then return moves end
  hanoi(n - 1, from, via, to, moves)
  moves[#moves + 1] = from .. to
  hanoi(n - 1, via, to, from, moves)
  return moves
end
local mv = hanoi(4, "A", "C", "B", {})
print(#mv, table.concat(mv, " ", 1, 7))
local function ackermann(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ackermann(m - 1, 1) end
  return ackermann(m - 1, ackermann(m, n - 1))
end
print(ackermann(2, 3), ackermann(3, 3))
