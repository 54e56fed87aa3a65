-- Lines from the scripted serial input, read with the blocking console:read.
local n = 0
while true do
  local line = console:read()
  if line == nil or line == "end" then break end
  n = n + 1
  print(n, line:upper())
end
print("lines", n)
