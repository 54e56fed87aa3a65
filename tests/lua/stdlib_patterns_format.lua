-- stdlib differential: patterns (find/match/gsub/gmatch over many subjects x patterns), format items
-- patterns differential
local subjects = {"hello world", "", "aaa", "THE (quick) fox", "x=1, y=22, z=333", "a.b.c", "[[x]]", "  trim  ", "a\0b\0c", "f(a(b)c)d", "éàü", "key = value # comment"}
local pats = {".", "%a+", "%d+", "(%w+)=(%w+)", "^%s*(.-)%s*$", "%b()", "%f[%w]%w+", "(.)%1", "[%a_][%w_]*", "[^%s]+", "()", "(a*(.)%w(%s*))", "%.", "[a-c]+", "[%]]", "x?y?z?", ".-b", "%S+$", "^$", "a-", "(h)(e)(l)(l)(o)", "%u%l*", "[]]", "[^]]", "[a%-z]", "%z", "\0", "%c", "%x+", "%p+", "%g+", "[%w%s]+", "(%d)(%d?)"}
for _, s in ipairs(subjects) do
  for _, p in ipairs(pats) do
    local r = {pcall(string.find, s, p)}
    local r2 = {pcall(string.match, s, p)}
    local r3 = {pcall(string.gsub, s, p, "<%0>")}
    local acc = {}
    local ok = pcall(function() for a, b in string.gmatch(s, p) do acc[#acc+1] = tostring(a) .. "/" .. tostring(b) if #acc > 50 then break end end end)
    io.write(string.format("%q %q: ", s, p))
    for i = 1, #r do io.write(tostring(r[i]), " ") end
    io.write("| ")
    for i = 1, #r2 do io.write(tostring(r2[i]), " ") end
    io.write("| ")
    for i = 1, #r3 do io.write(tostring(r3[i]), " ") end
    io.write("| ", tostring(ok), " ", table.concat(acc, ","), "\n")
  end
end
for i = -5, 15 do print(i, string.find("hello world", "o", i), string.find("hello", "", i), string.match("hello", "()", i)) end
print(string.find("a+b", "+", 1, true), string.find("a+b", "a+b"), string.find("abc", "b", nil, true))
print(string.gsub("hello", "l", {l = false}), string.gsub("hello", "l", {l = 7}), string.gsub("abc", "%w", "%%"))
print(pcall(string.gsub, "abc", "%w", "%"))
print(pcall(string.gsub, "abc", ".", {a = 1, b = false}))
print(pcall(string.gsub, "abc", ".", {b = true}))
print(string.gsub("hello world", "(o)", "[%1]", 1), string.gsub("hello", "", "-", 3))
print(string.gsub("abc", "()", "%1"))
print(string.gsub("hello world", "%w+", "%0 %0", -1))
print(pcall(string.gsub, "x", "x", "%1", 1.5))
print(string.rep("ab", 3, ""), string.rep("", 5, "x"), string.rep("a", 1, "x"), string.rep("a", 0, "x"))
print(("x"):rep(-1), ("\0"):rep(3):byte(1, -1))
print(string.format("%5.1s|%-5.3s|%.0s|", "abc", "abcdef", "x"))
print(tostring(string.format("%c", 0)):len())
for _, v in ipairs({0, 1, -1, 255, 256, 2^31, -2^31, math.maxinteger, math.mininteger}) do
  print(string.format("%d %5d %-5d| %05d %+d % d %x %X %o %#x %#o %.3d %i", v, v, v, v, v, v, v, v, v, v, v, v, v))
end
for _, v in ipairs({0.0, -0.0, 1.5, -1.5, 1e300, 1e-300, 123456789.123, 0.1, 1/3, 2^63, 1/0, -1/0, 5e-324}) do
  print(string.format("%g %e %f %.3g %10.2e %-12.4f| %+g %a %.0f %#.0e %G %E", v, v, v, v, v, v, v, v, v, v, v, v))
  print(string.format("%q", v))
end
print(string.format("%q", "\0\1\2\0033\r\n\t\\\"x\127\128\255"))
