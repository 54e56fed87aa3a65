-- sort errors that are deterministic
print(pcall(table.sort, {3, 1, 2}, 5))
print(pcall(table.sort, "x"))
local ok, err = pcall(table.sort, {1, 2, nil, 4})
print(ok, (err:gsub("nil with number", "X"):gsub("number with nil", "X")))
local t = {3, 2, 1}
local ok, err = pcall(table.sort, t, function(a, b) error("cmp failed") end)
print(ok, err)
ok, err = pcall(table.sort, t, function(a, b) error({code = 7}) end)
print(ok, type(err), err.code)
-- comparator that is consistent but returns non-booleans
local u = {3, 1, 2}
table.sort(u, function(a, b) if a < b then return 1 else return nil end end)
print(table.concat(u, ","))
