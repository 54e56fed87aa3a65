-- package.path search with a custom path and directory init
local old = package.path
package.path = "./modules/?.lua;./modules/?/init.lua;" .. old
local c = require("counter")
print(c.name(), package.loaded.counter == c)
print(require("pkg").kind)
package.path = "./nowhere/?.lua"
local ok, err = pcall(require, "missing_mod")
print(ok, err:find("no file './nowhere/missing_mod.lua'", 1, true) ~= nil)
package.path = old
print(package.config:sub(1, 1))
