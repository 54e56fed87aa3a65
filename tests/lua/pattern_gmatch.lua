-- string.gmatch: words, pairs, captures, anchors and empty matches
for w in ("one two  three"):gmatch("%a+") do io.write("[", w, "]") end print()
for k, v in ("a=1, b=2, c=3"):gmatch("(%w+)=(%w+)") do io.write(k, "->", v, " ") end print()
for p in ("abc"):gmatch("()") do io.write(p, " ") end print()
for m in ("abc"):gmatch("x*") do io.write("<", m, ">") end print()
local n = 0
for line in ("l1\nl2\n\nl4"):gmatch("[^\n]*") do n = n + 1 end
print(n)
for a in ("hello"):gmatch("^h") do io.write("anchored:", a, " ") end print()
local it = ("1 2 3"):gmatch("%d")
print(it(), it(), it(), it())
for k in string.gmatch("k1;k2;;k4", "([^;]*)") do io.write("(", k, ")") end print()
for a, b in ("ab12cd34"):gmatch("(%a+)(%d+)") do io.write(a, ":", b, " ") end print()
