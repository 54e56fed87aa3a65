-- an error nobody catches still closes the main chunk's variables
local a <close> = setmetatable({}, {__close = function(_, e)
  print("closing main", type(e))
end})
print("before")
error("uncaught")
