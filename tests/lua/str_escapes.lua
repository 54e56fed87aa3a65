-- all string escapes
local s = "a\tb\\c\"d\'e"
print(s, #s)
print("\65\066\0671", "\x41\x62\x7A", "\u{48}\u{49}")
print(#"\0", #"a\0b", ("a\0b"):byte(1, -1))
print(("\a\b\f\n\r\v"):byte(1, -1))
print("line1\
line2")
print("skip \z
       spaces", "x\z  y")
print(#"\u{7FF}", #"\u{FFFF}", #"\u{10FFFF}", #"\u{7FFFFFFF}")
print(("\u{E9}"):byte(1, -1))
print(("\u{20AC}"):byte(1, -1))
print("\x7e\126\z
\u{7e}")
print('single \'quoted\' "dq"', "double 'sq'")
print(("\255\0\1"):byte(1, -1))
print("\1234" == "{4", "\0009" == "\0" .. "9")
