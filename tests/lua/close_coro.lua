-- to-be-closed variables and coroutines
local function mk(name)
  return setmetatable({}, {__close = function(_, e) print("close", name, e) end})
end

-- coroutine.close runs the pending closes of a suspended coroutine
local co = coroutine.create(function()
  local a <close> = mk("a")
  local b <close> = mk("b")
  coroutine.yield(1)
  print("not reached")
end)
print(coroutine.resume(co))
print(coroutine.status(co))
print(coroutine.close(co))
print(coroutine.status(co))
print(coroutine.resume(co))

-- a close that errors while closing: close returns false and the error
local co2 = coroutine.create(function()
  local a <close> = mk("c2a")
  local b <close> = setmetatable({}, {__close = function(_, e) print("c2b", e); error("in close", 0) end})
  local c <close> = mk("c2c")
  coroutine.yield()
end)
coroutine.resume(co2)
print(coroutine.close(co2))
print(coroutine.status(co2))

-- a coroutine that dies with an error: resume reports it, the closes wait
-- for coroutine.close, which gets the error
local co3 = coroutine.create(function()
  local a <close> = mk("c3a")
  error("died", 0)
end)
print(coroutine.resume(co3))
print(coroutine.status(co3))
print(coroutine.close(co3))
print(coroutine.close(co3))

-- coroutine.wrap closes them when the coroutine errors
local w = coroutine.wrap(function()
  local a <close> = mk("wa")
  coroutine.yield("first")
  error("wrap died", 0)
end)
print(w())
print(pcall(w))

-- yields inside a tbc block, the close runs on normal end
local gen = coroutine.wrap(function()
  local g <close> = mk("gen")
  for i = 1, 3 do coroutine.yield(i) end
  return "end"
end)
print(gen(), gen(), gen(), gen())

-- generic for inside a coroutine, closed by coroutine.close
local co4 = coroutine.create(function()
  for v in function(_, k) k = (k or 0) + 1; return k end, nil, nil, mk("loop4") do
    coroutine.yield(v)
  end
end)
print(coroutine.resume(co4))
print(coroutine.resume(co4))
print(coroutine.close(co4))

-- a coroutine with no pending tbc: close is plain
local co5 = coroutine.create(function() coroutine.yield() end)
coroutine.resume(co5)
print(coroutine.close(co5))

-- an error in pcall inside a coroutine
local co6 = coroutine.create(function()
  local ok, e = pcall(function()
    local p <close> = mk("p6")
    error("inner6", 0)
  end)
  coroutine.yield(ok, e)
  local q <close> = mk("q6")
  return "fin"
end)
print(coroutine.resume(co6))
print(coroutine.resume(co6))
print("done")
