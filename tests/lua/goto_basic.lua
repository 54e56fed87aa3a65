-- goto: backward loops, nested breaks, labels at block end, closures in goto loops
local n = 0
::top::
n = n + 1
if n < 5 then goto top end
print(n)
-- break out of nested loops
for i = 1, 3 do
  for j = 1, 3 do
    if i * j == 4 then
      print("found", i, j)
      goto done
    end
  end
end
::done::
-- each pass through a goto loop gets a fresh local
local fs = {}
do
  local i = 1
  ::again::
  local x = i * 10
  fs[#fs + 1] = function() return x end
  i = i + 1
  if i <= 3 then goto again end
end
print(fs[1](), fs[2](), fs[3]())
-- label visibility: same name in different blocks
do goto a; print("skipped") ::a:: end
do goto a; print("skipped") ::a:: end
print("labels ok")
-- goto into enclosing block's end label
do
  local t = 0
  for i = 1, 5 do t = t + i end
  goto fin
  t = -1
  ::fin::
  print(t)
end
