-- A guest thread that faults ends with a message; the others go on.
local h = thread:spawn(function() local t = nil; return t.field end)
print("joined faulting thread:", h:join(), h:status())
local ok = thread:spawn(function() print("other thread runs") end)
print("joined good thread:", ok:join())
print("main goes on")
