-- bench: sieve of Eratosthenes over a boolean array, repeated
local n = tonumber(arg and arg[1]) or 90
local limit = 100000
local count, last = 0, 0
for rep = 1, n do
  local composite = {}
  for i = 1, limit do composite[i] = false end
  count = 0
  for i = 2, limit do
    if not composite[i] then
      count = count + 1
      last = i
      for j = i * i, limit, i do composite[j] = true end
    end
  end
end
print("sieve", n, count, last)
