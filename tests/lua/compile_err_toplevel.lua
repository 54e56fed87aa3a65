-- this whole file fails to compile: nothing is printed and the exit status is 1
print("never")
local x = = 2
