-- io.read of lines from stdin (provided by io_read_lines.stdin)
local first = io.read()
print("first:", first)
local second = io.read("l")
print("second:", second)
local withnl = io.read("L")
io.write("third with newline: [", withnl, "]\n")
local count, total = 0, 0
for line in io.lines() do
  count = count + 1
  local n = tonumber(line)
  if n then total = total + n end
  print(count, #line, line)
end
print("count", count, "total", total)
print(io.read(), io.read("l"))
