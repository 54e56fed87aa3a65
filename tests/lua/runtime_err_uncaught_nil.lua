-- uncaught error(nil): exit status 1
io.write("x\n")
error()
