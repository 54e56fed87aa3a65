-- patterns operate on bytes: multibyte sequences, byte classes, counting code points
local s = "h\u{E9}llo w\u{F6}rld \u{20AC}"
print(#s)
local n = 0
for _ in s:gmatch("[%z\1-\127\194-\244][\128-\191]*") do n = n + 1 end
print(n)
print((s:gsub("[\128-\255]", "?")))
print(s:find("\u{F6}", 1, true))
print(("caf\u{E9}"):upper() == "CAF\u{E9}")
local bytes = {s:byte(2, 3)}
print(bytes[1], bytes[2])
