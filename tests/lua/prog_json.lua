-- a JSON encoder and decoder with round-trip checks
local json = {}
local escapes = {['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f', ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t'}
local function encode_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c) return escapes[c] or string.format("\\u%04x", c:byte()) end) .. '"'
end
local function is_array(t)
  local n = 0
  for k in pairs(t) do
    if math.type(k) ~= "integer" or k < 1 then return false end
    n = math.max(n, k)
  end
  return n == #t
end
function json.encode(v)
  local tv = type(v)
  if tv == "nil" then return "null"
  elseif tv == "boolean" then return tostring(v)
  elseif tv == "number" then
    if v ~= v or v == math.huge or v == -math.huge then error("cannot encode " .. tostring(v)) end
    if math.type(v) == "integer" then return tostring(v) end
    return string.format("%.14g", v)
  elseif tv == "string" then return encode_string(v)
  elseif tv == "table" then
    if next(v) == nil then return "[]" end
    if is_array(v) then
      local out = {}
      for i = 1, #v do out[i] = json.encode(v[i]) end
      return "[" .. table.concat(out, ",") .. "]"
    end
    local keys = {}
    for k in pairs(v) do
      if type(k) ~= "string" then error("non-string key") end
      keys[#keys + 1] = k
    end
    table.sort(keys)
    local out = {}
    for _, k in ipairs(keys) do out[#out + 1] = encode_string(k) .. ":" .. json.encode(v[k]) end
    return "{" .. table.concat(out, ",") .. "}"
  end
  error("cannot encode type " .. tv)
end
local function decoder(s)
  local pos = 1
  local function ws() pos = s:find("[^ \t\r\n]", pos) or #s + 1 end
  local function fail(msg) error(string.format("json error at %d: %s", pos, msg), 0) end
  local value
  local function str()
    pos = pos + 1
    local buf = {}
    while true do
      local c = s:sub(pos, pos)
      if c == "" then fail("unterminated string") end
      if c == '"' then pos = pos + 1 break end
      if c == "\\" then
        local e = s:sub(pos + 1, pos + 1)
        local map = {b = "\b", f = "\f", n = "\n", r = "\r", t = "\t", ['"'] = '"', ["\\"] = "\\", ["/"] = "/"}
        if map[e] then buf[#buf + 1] = map[e]; pos = pos + 2
        elseif e == "u" then
          local hex = s:sub(pos + 2, pos + 5)
          if not hex:match("^%x%x%x%x$") then fail("bad unicode escape") end
          local cp = tonumber(hex, 16)
          buf[#buf + 1] = cp < 128 and string.char(cp) or "?"
          pos = pos + 6
        else fail("bad escape") end
      else
        buf[#buf + 1] = c
        pos = pos + 1
      end
    end
    return table.concat(buf)
  end
  function value()
    ws()
    local c = s:sub(pos, pos)
    if c == "{" then
      pos = pos + 1
      local obj = {}
      ws()
      if s:sub(pos, pos) == "}" then pos = pos + 1 return obj end
      while true do
        ws()
        if s:sub(pos, pos) ~= '"' then fail("expected key") end
        local k = str()
        ws()
        if s:sub(pos, pos) ~= ":" then fail("expected ':'") end
        pos = pos + 1
        obj[k] = value()
        ws()
        local d = s:sub(pos, pos)
        pos = pos + 1
        if d == "}" then return obj end
        if d ~= "," then fail("expected ',' or '}'") end
      end
    elseif c == "[" then
      pos = pos + 1
      local arr = {}
      ws()
      if s:sub(pos, pos) == "]" then pos = pos + 1 return arr end
      while true do
        arr[#arr + 1] = value()
        ws()
        local d = s:sub(pos, pos)
        pos = pos + 1
        if d == "]" then return arr end
        if d ~= "," then fail("expected ',' or ']'") end
      end
    elseif c == '"' then return str()
    elseif s:find("^true", pos) then pos = pos + 4 return true
    elseif s:find("^false", pos) then pos = pos + 5 return false
    elseif s:find("^null", pos) then pos = pos + 4 return nil
    else
      local num = s:match("^-?%d+%.?%d*[eE]?[-+]?%d*", pos)
      if not num or num == "" then fail("unexpected character '" .. c .. "'") end
      pos = pos + #num
      return math.tointeger(tonumber(num)) or tonumber(num)
    end
  end
  return function()
    local v = value()
    ws()
    if pos <= #s then fail("trailing garbage") end
    return v
  end
end
function json.decode(s) return decoder(s)() end

local doc = {name = "Amber", version = 1, ratio = 0.75, tags = {"os", "lua", "vm"}, nested = {a = {b = {c = true}}, empty = {}}, text = "line\nquote\"tab\t"}
local enc = json.encode(doc)
print(enc)
local dec = json.decode(enc)
print(json.encode(dec) == enc)
print(dec.tags[2], dec.nested.a.b.c, dec.text == doc.text, dec.ratio)
local samples = {'[1, 2.5, -3e2, "x", true, false, null]', '{"a": {"b": [ ]}, "c": "\\u0041\\n"}', '  "just a string"  ', '[[[[]]]]', '{"k":1,}', '[1 2]', '"unterminated', '@', '[1] x'}
for _, s in ipairs(samples) do
  local ok, v = pcall(json.decode, s)
  if ok then print("ok", json.encode(v)) else print("err", v) end
end
print(pcall(json.encode, {1, 2, [10] = 3}))
print(pcall(json.encode, 0/0))
local big = {}
for i = 1, 200 do big[i] = {id = i, name = "item" .. i, vals = {i, i * 2, i * 3}} end
local s = json.encode(big)
print(#s, json.decode(s)[200].vals[3])
