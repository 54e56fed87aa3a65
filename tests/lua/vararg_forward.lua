-- forwarding varargs through several levels and into table.unpack
local function inner(...) return select('#', ...), ... end
local function middle(...) return inner(...) end
local function outer(...) return middle(...) end
print(outer())
print(outer(nil))
print(outer(1, nil, nil))
local function call(f, ...) return f(...) end
print(call(math.max, 3, 7, 5))
print(call(select, '#', nil, nil))
local function wrap(...)
  local args = table.pack(...)
  return function() return table.unpack(args, 1, args.n) end
end
print(wrap(1, nil, 3, nil)())
print(select('#', wrap(1, nil, 3, nil)()))
local big = {}
for i = 1, 250 do big[i] = i end
print(select('#', outer(table.unpack(big))))
local function sumall(...) local s = 0 for _, v in ipairs({...}) do s = s + v end return s end
print(sumall(table.unpack(big)))
