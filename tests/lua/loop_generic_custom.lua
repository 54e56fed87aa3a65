-- generic for protocol: state and control values, closing value ignored, multiple loop vars
local function iter(state, ctrl)
  if ctrl < state.limit then return ctrl + 1, ctrl * ctrl, "extra" end
end
for i, sq, ex, none in iter, {limit = 4}, 0 do print(i, sq, ex, none) end
local calls = 0
local function counting() calls = calls + 1 if calls <= 3 then return calls end end
for v in counting do io.write(v, " ") end print()
for k, v in next, {"only"} do print(k, v) end
local t = {"x", "y", "z"}
for i, v in ipairs(t) do if i == 1 then t[3] = "Z" end io.write(v) end print()
local modified = {1, 2, 3}
for i, v in ipairs(modified) do if i == 1 then modified[4] = 4 end io.write(v) end print()
