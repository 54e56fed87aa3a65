-- local attributes <const> (compile-time checks); <close> is in
-- compile_err_attribs_close.lua
local f, err = load("for i = 1, 2 do local x <const> = i; x = 3 end")
print(f and "compiled" or err)
f, err = load("local c <const> = 5; return c * 2")
print(f and f() or err)
f, err = load("local a <const>, b <const> = 1, 2; local function g() b = 1 end")
print(f and "compiled" or err)
f, err = load("local x <other> = 1")
print(f and "compiled" or err)
