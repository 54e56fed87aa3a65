-- modules share state between requirers; module functions keep upvalues
local a = require("modules.counter")
local b = require("modules.counter")
print(a.inc(), b.inc(), a.inc())
local other = require("modules.uses_other")
print(other.twice(), a.inc())
print(counter_loads)
local loaded = {}
for name in pairs(package.loaded) do if name:match("^modules%.") then loaded[#loaded + 1] = name end end
table.sort(loaded)
print(table.concat(loaded, " "))
