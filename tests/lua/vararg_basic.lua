-- varargs: select, #, adjustment, table packing
local function count(...) return select('#', ...) end
print(count(), count(nil), count(nil, nil), count(1, nil, 3, nil))
local function second(...) return (select(2, ...)) end
print(second(1, 2, 3))
print(select(2, "a", "b", "c"))
print(select(-1, "a", "b", "c"))
print(select(-3, "a", "b", "c"))
print(pcall(select, -4, "a", "b", "c"))
print(pcall(select, 0, "a"))
print(select(5, 1, 2))
local function pass(...) return ... end
print(pass(1, nil, 3))
print((pass(1, 2, 3)))
local function pack(...) return {n = select('#', ...), ...} end
local p = pack(nil, 2, nil)
print(p.n, p[1], p[2], p[3])
local tp = table.pack(1, nil, 3)
print(tp.n, tp[1], tp[2], tp[3])
local function tail(...) local a, b = ... return a, b end
print(tail(9))
local function mid(...) return ..., "end" end
print(mid(1, 2, 3))
print(select('#', table.unpack({1, 2, nil, 4}, 1, 4)))
local f = function(...) local t = {...} return #t end
print(f(1, 2, 3))
print(math.max(pass(4, 9, 2)))
print(string.format("%s-%s", pass("x", "y")))
