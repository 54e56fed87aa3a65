-- long strings with levels
local a = [[simple]]
local b = [==[has ]] and ]=] inside]==]
local c = [[
first newline skipped]]
local d = [=[
]=]
print(a) print(b) print(c) print(#d)
local e = [[line1
line2\n not an escape]]
print(e)
print([[]] == "", #[[

]])
print([===[a]]b]=]c]===])
local f = [[x
  y]]
print(#f, f:byte(2))
