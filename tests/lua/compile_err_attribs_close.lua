-- local attribute <close>: a nil value is allowed, and the variable is
-- read-only like <const>
local f, err = load("local c <close> = nil; return 1")
print(f and f() or err)
f, err = load("local c <close> = nil; c = 2")
print(f and "compiled" or err)
