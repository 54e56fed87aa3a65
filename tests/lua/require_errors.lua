-- require failures and reload via package.loaded
local ok, err = pcall(require, "modules.does_not_exist")
print(ok, (err:match("^module 'modules.does_not_exist' not found")))
ok, err = pcall(require, "modules.broken")
print(ok, (err:gsub("^error loading module 'modules.broken' from file '%./modules/broken%.lua':", "LOADERR:")))
ok, err = pcall(require, "modules.fails")
print(ok, err)
print(package.loaded["modules.fails"])
-- reloading by clearing package.loaded
local c1 = require("modules.counter")
package.loaded["modules.counter"] = nil
local c2 = require("modules.counter")
print(c1 == c2, counter_loads)
-- preload
package.preload["virtual"] = function(name) return {from = "preload", name = name} end
local v = require("virtual")
print(v.from, v.name, require("virtual") == v)
-- package.loaded can be filled by hand
package.loaded["handmade"] = "hello"
print(require("handmade"))
print(pcall(require))
