-- compile errors report the line of the offending token
local srcs = {
  "local a = 1\nlocal b = 2\nlocal c = = 3",
  "if true then\n  x = 1\nelse\n  y = 2\n",
  "function f()\n  return 1\n\n\n",
  "local s = [[\nlong\nstring",
  "x = 'abc\ny'",
  "for i = 1, 2 do\n  print(i)\nuntil true",
  "local t = {\n  a = 1,\n  b = 2\n  c = 3\n}",
  "\n\n\n\n\nbreak",
  "local x = 5\nx()\n)",
}
for i, s in ipairs(srcs) do
  local f, e = load(s, "=src" .. i)
  print(e)
end
