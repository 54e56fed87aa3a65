-- a module that returns nothing: require gives true
noreturn_ran = true
