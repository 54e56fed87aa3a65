-- while and repeat loops, break, repeat scope
local i, sum = 0, 0
while i < 10 do i = i + 1; sum = sum + i end
print(i, sum)
local n = 0
repeat
  local k = n * 2
  n = n + 1
until k >= 10   -- local k visible in until
print(n)
local j = 0
while true do
  j = j + 1
  if j > 5 then break end
end
print(j)
local count = 0
repeat count = count + 1 until true
print(count)
local w = 100
while w > 1 do w = w // 3 end
print(w)
