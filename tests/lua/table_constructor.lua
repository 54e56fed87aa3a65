-- table constructors: positional, named, bracketed, trailing separators, multret expansion
local function three() return 1, 2, 3 end
local t = {three(), three()}
print(#t, t[1], t[2], t[4])
t = {three(), (three())}
print(#t)
t = {(three())}
print(#t)
t = {x = 1, ["y"] = 2, [3] = "three", 10, 20; 30,}
print(t.x, t.y, t[1], t[2], t[3])
t = {[1] = "a", "b"}  -- positional wins
print(t[1])
t = {1, 2, 3, nil}
print(#t)
t = {n = select('#', three()), three()}
print(t.n, t[3])
local k = "dyn"
t = {[k .. "amic"] = true, [1 + 1] = "two", [2.0 ^ 1 + 1] = "three-float"}
print(t.dynamic, t[2], t[3])
t = {{1, 2}, {3, {4, 5}}}
print(t[2][2][2])
t = {f = function(self) return self.v end, v = 99}
print(t:f())
local big = {}
for i = 1, 100 do big[i] = i end
local copy = {table.unpack(big)}
print(#copy, copy[100])
print(#{n = 1}, #{nil, nil, 3} >= 0)
