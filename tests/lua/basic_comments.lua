-- comments of all kinds
print(1) -- line comment
--[[ block
comment ]] print(2)
--[==[ level 2 ]] still in comment
]==] print(3)
---[[ not a block comment
print(4)
--]]
--[=[]=]print(5)
print(--[[inline]] 6)
-- [[ just a line comment
print(7)
