-- io.read formats reading input that arrives later, piece by piece:
-- tests/system/snap_suite.py sends piece k only once "want k" is printed
-- (so every read below waits), some pieces stopping in the middle of a
-- line. The output must be lua5.4's with the same input (all of it at once).
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do
    local v = t[i]
    t[i] = type(v) == "string" and string.format("%q", v) or tostring(v)
  end
  print("got " .. table.concat(t, " ", 1, t.n))
end
print("want 1")
show(io.read("l"))
print("want 2")
show(io.read("n", "L"))
print("want 3")
show(io.read(5))
show(io.read("l"))
print("want 4")
show(io.read("n", "n"))
print("want 5")
show(io.read("L", "l"))
print("want 6")
for l in io.lines() do
  show(l)
  if l == "stop" then break end
end
print("want 7")
for n, rest in io.stdin:lines("n", "l") do
  show(n, rest)
  if n == 3 then break end
end
print("want 8")
show(io.stdin:read("a"))
show(io.read("l"), io.read(0), io.read("a"), io.read("n"))
print("end")
