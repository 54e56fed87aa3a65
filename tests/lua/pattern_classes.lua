-- character classes %a %c %d %g %l %p %s %u %w %x and complements
local all = {}
for i = 0, 127 do all[#all + 1] = string.char(i) end
all = table.concat(all)
for _, c in ipairs({"a", "c", "d", "g", "l", "p", "s", "u", "w", "x"}) do
  local n1 = select(2, all:gsub("%" .. c, ""))
  local n2 = select(2, all:gsub("%" .. c:upper(), ""))
  local first = all:match("%" .. c)
  print(c, n1, n2, n1 + n2, first and first:byte())
end
print(("hello123_WORLD!"):gsub("%W", "#"))
print(("a.b-c"):gsub("%.", "/"), ("100%"):gsub("%%", " percent"))
print(("x[y]z"):gsub("[%[%]]", "|"))
