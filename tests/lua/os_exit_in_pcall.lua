-- os.exit inside pcall is not catchable; status 7
print(pcall(function()
  print("inside")
  os.exit(7)
end))
print("not reached")
