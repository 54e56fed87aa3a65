-- do blocks, semicolons, return as the last statement, empty statements
;;; local a = 1; ;
do local a = 2; print(a) end
print(a)
local function early(x)
  if x then return "early" end
  do return "from do" end
end
print(early(true), early(false))
local function multi() do return 1, 2 end end
print(multi())
local function noreturn() end
print(noreturn(), select('#', noreturn()))
for i = 1, 2 do ; end
while false do end
repeat until true
if true then end
print("done")
