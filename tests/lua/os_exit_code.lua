-- os.exit with a status code: stdout is flushed, exit status 3
print("before exit")
io.write("buffered ")
os.exit(3)
print("after exit")
