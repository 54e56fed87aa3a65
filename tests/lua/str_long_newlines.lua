-- line endings inside long strings and escapes: \r\n, \n\r, \r are normalised to \n in the source
local src1 = "return [[a\r\nb]]"
local src2 = "return [[a\n\rb]]"
local src3 = "return [[a\rb]]"
local src4 = "return [[\r\nfirst newline skipped]]"
local src5 = "return 'a\\\r\nb'"
for i, s in ipairs({src1, src2, src3, src4, src5}) do
  local v = load(s)()
  print(i, #v, (v:gsub("\n", "\\n"):gsub("\r", "\\r")))
end
print(load("local x = 1\r\nlocal y = 2\r\nreturn x + y")())
print(select(2, load("local x = 1\r\n\r\nx = = 2")))
