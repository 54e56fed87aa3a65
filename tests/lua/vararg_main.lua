-- main chunk varargs and the arg table
print(select('#', ...), ...)
print(#arg, arg[0], arg[1], arg[2], arg[3])
local a1 = ...
print(a1, type(arg[-1]))
for i = 1, #arg do io.write(i, "=", arg[i], " ") end print()
