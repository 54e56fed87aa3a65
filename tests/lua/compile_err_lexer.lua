-- lexical errors: bad escapes, malformed numbers, bad characters
local cases = {
  [[x = "\q"]],
  [[x = "\x4"]],
  [[x = "\xZZ"]],
  [[x = "\300"]],
  [[x = "\u{110000000}"]],
  [[x = "\u{zz}"]],
  [[x = "\u48"]],
  [[x = 3.4.5]],
  [[x = 0xg]],
  [[x = 1e]],
  [[x = 12abc]],
  [[x = @]],
  [[x = $]],
  "x = 'tab\tinside is fine'",
  [[x = [==[ mismatched ]=] ]],
  "--[[ unfinished comment",
  "x = ~= 1",
  [[x = "\u{7FFFFFFF}"]],
  [[x = 0x]],
  [[x = 1..2]],
  [[x = .5e-]],
  "x = `",
}
for i, src in ipairs(cases) do
  local f, err = load(src, "=lex")
  print(i, f and "compiled" or err)
end
