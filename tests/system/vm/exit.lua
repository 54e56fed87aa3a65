print("exiting with 7")
os.exit(7)
