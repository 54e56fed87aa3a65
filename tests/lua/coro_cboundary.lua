-- yielding through library functions that call back into Lua is an error in lua5.4
local function try(name, f)
  local co = coroutine.create(f)
  local ok, err = coroutine.resume(co)
  print(name, ok, err, coroutine.status(co))
end
try("sort", function() table.sort({3, 2, 1}, function(a, b) coroutine.yield() return a < b end) end)
try("gsub", function() return ("abc"):gsub("%w", function(c) coroutine.yield(c) end) end)
try("tostring", function() return tostring(setmetatable({}, {__tostring = function() coroutine.yield() return "x" end})) end)
-- but yields through pcall, metamethods and iterators are fine
local co = coroutine.wrap(function()
  for k in function(_, prev) prev = (prev or 0) + 1 if prev <= 2 then coroutine.yield("iter" .. prev) return prev end end do end
  local t = setmetatable({}, {__add = function(a, b) return coroutine.yield("add") end,
                              __lt = function(a, b) return coroutine.yield("lt") end,
                              __concat = function(a, b) return coroutine.yield("concat") end,
                              __eq = function(a, b) return coroutine.yield("eq") end,
                              __len = function(a) return coroutine.yield("len") end,
                              __call = function(self, x) return coroutine.yield("call") end})
  local r1 = t + 1
  local r2 = t < t
  local r3 = t .. "s"
  local r4 = t == setmetatable({}, getmetatable(t))
  local r5 = #t
  local r6 = t(1)
  return "end", r1, r2, r3, r4, r5, r6
end)
print(co()) print(co()) print(co(10)) print(co(false)) print(co("cat")) print(co(1)) print(co(5)) print(co("called")) print(co("last"))
