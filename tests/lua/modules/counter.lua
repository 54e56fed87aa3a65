-- a module that counts how many times its body ran
_G.counter_loads = (_G.counter_loads or 0) + 1
local M = {}
local n = 0
function M.inc() n = n + 1 return n end
function M.name() return "counter" end
return M
