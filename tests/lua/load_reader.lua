-- load with a reader function: pieces, empty pieces end the chunk, errors from the reader
local pieces = {"local a", " = 4", "0 + ", "2 ", "return a"}
local i = 0
local f = load(function() i = i + 1 return pieces[i] end, "=pieces")
print(f())
i = 0
local stop = {"return 'first'", "", "garbage that is never read ((("}
f = load(function() i = i + 1 return stop[i] end)
print(f())
local chars = {}
for c in ("return 1 + 2 * 3"):gmatch(".") do chars[#chars + 1] = c end
i = 0
print(load(function() i = i + 1 return chars[i] end)())
