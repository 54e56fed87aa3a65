-- passing many values and nils through resume/yield; wrap with varargs
local co = coroutine.create(function(...)
  print("args", select('#', ...), ...)
  local r = table.pack(coroutine.yield(nil, nil))
  print("resumed with", r.n, table.unpack(r, 1, r.n))
  r = table.pack(coroutine.yield())
  print("resumed with", r.n)
  return 1, nil, 3, nil
end)
print(coroutine.resume(co, 1, nil, nil))
print(coroutine.resume(co, nil, "b", nil))
print(select('#', coroutine.resume(co)))
local big = {}
for i = 1, 100 do big[i] = i end
local echo = coroutine.wrap(function(...) local args = table.pack(...) while true do args = table.pack(coroutine.yield(table.unpack(args, 1, args.n))) end end)
print(select('#', echo(table.unpack(big))), select(100, echo(table.unpack(big))))
print(echo())
print(echo(nil, false))
