-- package directory module: found through ./?/init.lua
return {kind = "package init"}
