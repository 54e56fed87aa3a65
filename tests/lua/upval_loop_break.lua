-- upvalues of loop locals closed correctly on break, goto and return
local fs = {}
for i = 1, 10 do
  local j = i * 2
  fs[#fs + 1] = function() return j end
  if i == 3 then break end
end
print(#fs, fs[1](), fs[2](), fs[3]())
local gs = {}
local n = 0
while true do
  n = n + 1
  local captured = n
  gs[n] = function() captured = captured + 100 return captured end
  if n >= 2 then break end
end
print(gs[1](), gs[1](), gs[2]())
local function from_loop()
  for i = 1, 5 do
    local v = i
    if i == 4 then return function() return v end end
  end
end
print(from_loop()())
local hs = {}
do
  local k = 0
  ::top::
  k = k + 1
  local c = k
  hs[k] = function() return c end
  if k < 3 then goto top end
end
print(hs[1](), hs[2](), hs[3]())
