-- a module returning false
return false
