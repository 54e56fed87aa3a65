-- os.exit() with no arguments: status 0
print("default exit")
os.exit()
