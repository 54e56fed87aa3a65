-- pcall/xpcall pass through all return values including nils
print(select('#', pcall(function() return nil, nil, nil end)))
print(pcall(function() return nil, 2 end))
print(pcall(select, '#', 1, 2, 3))
print(pcall(string.rep, "ab", 3, "-"))
print(xpcall(table.unpack, print, {1, nil, 3}, 1, 3))
local function many() local t = {} for i = 1, 50 do t[i] = i end return table.unpack(t) end
print(select('#', pcall(many)), select(51, pcall(many)))
print(pcall(pcall, pcall, error, "e"))
