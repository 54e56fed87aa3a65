-- an event emitter with priorities, once-handlers, and error isolation
local Emitter = {}
Emitter.__index = Emitter
function Emitter.new() return setmetatable({handlers = {}, seq = 0}, Emitter) end
function Emitter:on(ev, fn, prio, once)
  self.seq = self.seq + 1
  local list = self.handlers[ev] or {}
  self.handlers[ev] = list
  list[#list + 1] = {fn = fn, prio = prio or 0, once = once, seq = self.seq}
  table.sort(list, function(a, b) if a.prio ~= b.prio then return a.prio > b.prio end return a.seq < b.seq end)
end
function Emitter:once(ev, fn, prio) self:on(ev, fn, prio, true) end
function Emitter:emit(ev, ...)
  local list = self.handlers[ev]
  if not list then return 0 end
  local n, keep = 0, {}
  for _, h in ipairs(list) do
    local ok, err = pcall(h.fn, ...)
    if not ok then print("handler error: " .. tostring(err)) end
    n = n + 1
    if not h.once then keep[#keep + 1] = h end
  end
  self.handlers[ev] = keep
  return n
end
local e = Emitter.new()
e:on("msg", function(x) print("low", x) end, 1)
e:on("msg", function(x) print("high", x) end, 10)
e:once("msg", function(x) print("once", x) end, 5)
e:on("msg", function(x) error("broken handler", 0) end, 3)
e:on("msg", function(x) print("low2", x) end, 1)
print(e:emit("msg", "first"))
print(e:emit("msg", "second"))
print(e:emit("none"))
