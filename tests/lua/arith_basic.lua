-- + - * / with integers and floats; result subtypes
local function show(...) local t = {} for i = 1, select('#', ...) do local v = select(i, ...) t[i] = tostring(v) .. "(" .. math.type(v) .. ")" end print(table.concat(t, " ")) end
show(1 + 2, 1 + 2.0, 1.5 + 1.5, 3 - 5, 3.0 - 5)
show(6 * 7, 6 * 7.0, 2.5 * 4)
show(7 / 2, 8 / 2, 1 / 3, -8 / 2)
show(2 ^ 10, 2 ^ 0.5, 2 ^ -1, (-2) ^ 2)
show(10 // 3, 10.0 // 3, -10 // 3, 10 // -3, -10 // -3)
show(10 % 3, -10 % 3, 10 % -3, -10 % -3, 10.5 % 3)
show(-(-3), -(3.0), - -2)
show(0 * -1, 0.0 * -1)
