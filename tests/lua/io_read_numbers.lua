-- io.read with "n", "a", counts, and multiple formats
local a, b = io.read("n", "n")
print(a, b, math.type(a), math.type(b))
local c = io.read("n")
print(c)
local rest_of_line = io.read("l")
print("[" .. rest_of_line .. "]")
local chunk = io.read(5)
print("[" .. chunk .. "]")
local line = io.read("*l")   -- old-style format with star
print("[" .. line .. "]")
local all = io.read("a")
io.write("[", all, "]\n")
print(io.read("a") == "", io.read("l"), io.read(0))
