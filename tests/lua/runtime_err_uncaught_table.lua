-- uncaught error with a non-string value: exit status 1
print("start")
error({code = 5})
