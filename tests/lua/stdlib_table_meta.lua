-- stdlib differential: table functions through __index/__newindex/__len (event order, errors)
local function proxy(init, log)
  local store = {}
  for i, v in ipairs(init) do store[i] = v end
  return setmetatable({}, {
    __index = function(_, k) log[#log + 1] = "g" .. tostring(k) return store[k] end,
    __newindex = function(_, k, v) log[#log + 1] = "s" .. tostring(k) store[k] = v end,
    __len = function() log[#log + 1] = "n" return #store end}), store
end
local log = {}
local p, st = proxy({5, 3, 8, 1, 9, 2, 7}, log)
table.sort(p)
print(table.concat(st, ","), #log, table.concat(log, " "))
log = {}
p, st = proxy({5, 3, 8, 1, 9, 2, 7, 4, 6, 0, 11, 13, 12}, log)
table.sort(p, function(a, b) return a > b end)
print(table.concat(st, ","), #log, table.concat(log, " "))
log = {}
p, st = proxy({"a", "b", "c", "d"}, log)
print(table.unpack(p)) print(table.unpack(p, 2, 3)) print(table.unpack(p, 3, 2))
print(table.remove(p), table.remove(p, 1), table.concat(st, ","), table.concat(log, " "))
print(pcall(table.insert, p, 5, "x"), pcall(table.insert, p, 1, 2, 3), pcall(table.remove, p, 7))
log = {}
local dst = {}
table.move(p, 1, 2, 3, dst) print(dst[3], dst[4], table.concat(log, " "))
local ro = setmetatable({}, {__newindex = function() error("read-only table") end, __len = function() return 2 end, __index = function(_, i) return i * 10 end})
print(pcall(table.insert, ro, 1))
print(table.concat(ro, "+"), table.unpack(ro))
print(pcall(table.sort, ro))
local bad = setmetatable({}, {__len = function() return "x" end})
print(pcall(table.insert, bad, 1), pcall(table.concat, bad))
local flen = setmetatable({}, {__len = function() return 2.0 end, __index = function(_, i) return "v" .. i end})
print(table.concat(flen, ","), table.unpack(flen))
local slen = setmetatable({}, {__len = function() return "3" end, __index = function(_, i) return i end})
print(table.concat(slen, ","))
local inh = setmetatable({}, {__index = {10, 20, 30}})
print(table.concat(inh, ","), #inh, table.unpack(inh, 1, 3))
local cmpbad = setmetatable({}, {__len = function() return 3 end, __index = function(_, i) return ({1, "x", 3})[i] end, __newindex = function() end})
print(pcall(table.sort, cmpbad))
print(pcall(table.sort, setmetatable({}, {__len = function() return 5 end, __index = function(_, i) return i end, __newindex = function() end}), function(a, b) return true end))
print(pcall(table.concat, setmetatable({}, {__len = function() return 2 end, __index = function(_, i) return {} end})))
print(pcall(table.unpack, setmetatable({}, {__index = function(_, i) return i end}), 1, 1e7))
local proxy = setmetatable({}, {__index = function(t, k) log[#log+1] = "get" .. k return rawget(t, "_" .. k) end,
  __newindex = function(t, k, v) log[#log+1] = "set" .. k rawset(t, "_" .. k, v) end,
  __len = function(t) log[#log+1] = "len" local n = 0 while rawget(t, "_" .. (n + 1)) ~= nil do n = n + 1 end return n end})
table.insert(proxy, "a") table.insert(proxy, "b") table.insert(proxy, 1, "c")
print(table.concat(proxy, ","), table.unpack(proxy))
print(table.remove(proxy, 1), table.concat(log, " "))
table.sort(proxy, function(a, b) return a > b end)
print(table.concat(proxy, ","))
print(#log)
