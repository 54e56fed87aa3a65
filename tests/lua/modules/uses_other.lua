-- a module that requires another module
local counter = require("modules.counter")
return {twice = function() counter.inc() return counter.inc() end}
