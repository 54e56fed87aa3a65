-- print uses __tostring; __name is used by tostring when no __tostring
local V = setmetatable({}, {__tostring = function() return "I am V" end})
print(V, tostring(V), string.format("%s!", V))
local nested = setmetatable({}, {__tostring = function() return tostring(V) .. " (nested)" end})
print(nested)
print(pcall(print, setmetatable({}, {__tostring = function() error("tostring failed") end})))
print(pcall(tostring, setmetatable({}, {__tostring = function() return {} end})))
local t = {}
for i = 1, 3 do t[i] = setmetatable({i = i}, {__tostring = function(s) return "item" .. s.i end}) end
print(t[1], t[2], t[3])
local strs = {}
for i = 1, 3 do strs[i] = tostring(t[i]) end
print(table.concat(strs, ","))
print(pcall(table.concat, t, ","))
