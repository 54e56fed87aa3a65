-- errors caught by pcall do not change the exit status; os.exit(0)
print(pcall(error, "caught"))
os.exit(0)
