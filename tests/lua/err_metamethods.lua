-- errors raised inside metamethods and iterators carry the right positions
local mt = {__add = function(a, b) error("add failed") end,
            __index = function(t, k) error("no key " .. k, 2) end,
            __call = function() local x = nil; return x.y end}
local o = setmetatable({}, mt)
print(pcall(function() return o + 1 end))
print(pcall(function() return o.missing end))
print(pcall(function() return o() end))
local function iter() error("iterator broke") end
print(pcall(function() for x in iter do end end))
print(pcall(function() for k, v in pairs(nil) do end end))
print(pcall(function() for i, v in ipairs() do end end))
print(pcall(function() for x in 5 do end end))
