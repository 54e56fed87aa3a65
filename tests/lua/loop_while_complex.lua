-- complex loop conditions, collatz, gcd, early exits
local function collatz(n)
  local steps = 0
  while n ~= 1 do
    if n % 2 == 0 then n = n // 2 else n = 3 * n + 1 end
    steps = steps + 1
  end
  return steps
end
local best, bestn = 0, 0
for n = 1, 3000 do
  local s = collatz(n)
  if s > best then best, bestn = s, n end
end
print(bestn, best)
local function gcd(a, b) while b ~= 0 do a, b = b, a % b end return a end
print(gcd(1071, 462), gcd(17, 5), gcd(0, 9))
local a, b = 0, 1
repeat a, b = b, a + b until b > 1000000
print(a, b)
local primes = {}
local n = 2
while #primes < 20 do
  local isp = true
  for _, p in ipairs(primes) do
    if p * p > n then break end
    if n % p == 0 then isp = false break end
  end
  if isp then primes[#primes + 1] = n end
  n = n + 1
end
print(table.concat(primes, " "))
