-- a module that raises an error while loading
error("module failed on purpose")
