-- if / elseif / else and truthiness
local function classify(n)
  if n < 0 then return "neg"
  elseif n == 0 then return "zero"
  elseif n < 10 then return "small"
  else return "big" end
end
for _, v in ipairs({-5, 0, 3, 100}) do print(v, classify(v)) end
local vals = {false, nil, 0, "", {}, "false"}
for i = 1, 6 do
  local v = vals[i]
  if v then print(i, "truthy") else print(i, "falsy") end
end
if nil then print("no") end
if false then print("no") else print("else taken") end
