-- an uncaught runtime error: stdout so far is kept, exit status 1
print("before the error")
io.write("partial line")
local t = nil
print(t.field)
print("never printed")
