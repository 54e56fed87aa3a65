-- yield across pcall, pcall inside coroutines catching errors, xpcall with yield
local co = coroutine.create(function()
  local ok, v = pcall(function()
    local got = coroutine.yield("from inside pcall")
    if got == "boom" then error("exploded") end
    return got
  end)
  coroutine.yield(tostring(ok) .. ":" .. tostring(v))
  local ok2, v2 = pcall(function()
    local got = coroutine.yield("again")
    error(got, 0)
  end)
  return ok2, v2
end)
print(coroutine.resume(co))
print(coroutine.resume(co, "fine"))
print(coroutine.resume(co))
print(coroutine.resume(co, "bang"))
print(coroutine.status(co))
local co2 = coroutine.wrap(function()
  local r = {xpcall(function() coroutine.yield(1); error("x", 0) end, function(m) return "handled " .. m end)}
  return table.unpack(r)
end)
print(co2())
print(co2())
-- nested pcall levels with yields in between
local co3 = coroutine.wrap(function()
  return pcall(pcall, function() coroutine.yield("deep"); return "ok" end)
end)
print(co3())
print(co3())
