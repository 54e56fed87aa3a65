-- goto in nested loops and a goto-driven state machine
local out = {}
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then goto next_i end
    out[#out + 1] = i .. j
  end
  ::next_i::
end
print(table.concat(out, " "))
local input = "aabbbcaaa"
local pos, runs = 1, {}
::start::
if pos > #input then goto finish end
do
  local c = input:sub(pos, pos)
  local n = 0
  ::count::
  if input:sub(pos, pos) == c then n = n + 1 pos = pos + 1 goto count end
  runs[#runs + 1] = c .. n
end
goto start
::finish::
print(table.concat(runs, ","))
-- goto out of a while true with cleanup
local i = 0
while true do
  i = i + 1
  if i > 100 then goto out end
end
::out::
print(i)
