-- and / or / not with short-circuit and value results
print(1 and 2, nil and 2, false and nil, 1 or 2, nil or 2, false or nil)
print(not nil, not 0, not not nil, not "")
local calls = 0
local function f(v) calls = calls + 1; return v end
local r = f(false) and f(true)
print(r, calls)
calls = 0
r = f(1) or f(2)
print(r, calls)
print(nil == false, 0 == false)
local x = nil
local y = x and x.field or "default"
print(y)
print(1 < 2 and "lt" or "ge")
print(false or false or "third")
print(nil and nil or false)
