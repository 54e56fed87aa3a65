-- io.read on empty stdin (/dev/null)
print(io.read())
print(io.read("a"))
print(io.read("n"))
print(io.read(0))
local n = 0
for l in io.lines() do n = n + 1 end
print(n)
