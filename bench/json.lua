-- bench: a JSON encoder and recursive-descent parser round-tripping a generated document
local n = tonumber(arg and arg[1]) or 40

local function encode(v, out)
  local t = type(v)
  if t == "table" then
    if #v > 0 or next(v) == nil then
      out[#out + 1] = "["
      for i = 1, #v do
        if i > 1 then out[#out + 1] = "," end
        encode(v[i], out)
      end
      out[#out + 1] = "]"
    else
      local keys = {}
      for k in pairs(v) do keys[#keys + 1] = k end
      table.sort(keys)
      out[#out + 1] = "{"
      for i, k in ipairs(keys) do
        if i > 1 then out[#out + 1] = "," end
        out[#out + 1] = string.format("%q", k)
        out[#out + 1] = ":"
        encode(v[k], out)
      end
      out[#out + 1] = "}"
    end
  elseif t == "string" then
    out[#out + 1] = '"' .. v:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
  elseif t == "number" then
    out[#out + 1] = math.type(v) == "integer" and tostring(v) or string.format("%.14g", v)
  elseif t == "boolean" then
    out[#out + 1] = v and "true" or "false"
  else
    out[#out + 1] = "null"
  end
  return out
end

local function decode(s)
  local pos = 1
  local byte, sub, find = string.byte, string.sub, string.find
  local value
  local function skip()
    local _, e = find(s, "^[ \n\r\t]*", pos)
    pos = e + 1
  end
  local function str()
    local buf = {}
    pos = pos + 1
    while true do
      local a, b = find(s, '^[^"\\]+', pos)
      if a then buf[#buf + 1] = sub(s, a, b) pos = b + 1 end
      local c = byte(s, pos)
      if c == 34 then pos = pos + 1 return table.concat(buf) end
      if c == 92 then
        local e = sub(s, pos + 1, pos + 1)
        if e == "u" then
          buf[#buf + 1] = string.char(tonumber(sub(s, pos + 2, pos + 5), 16) % 256)
          pos = pos + 6
        else
          buf[#buf + 1] = ({n = "\n", t = "\t", r = "\r", b = "\b", f = "\f"})[e] or e
          pos = pos + 2
        end
      elseif not c then error("unterminated string")
      end
    end
  end
  function value()
    skip()
    local c = byte(s, pos)
    if c == 123 then
      local obj = {}
      pos = pos + 1
      skip()
      if byte(s, pos) == 125 then pos = pos + 1 return obj end
      while true do
        skip()
        local k = str()
        skip()
        pos = pos + 1 -- ':'
        obj[k] = value()
        skip()
        c = byte(s, pos)
        pos = pos + 1
        if c == 125 then return obj end
      end
    elseif c == 91 then
      local arr = {}
      pos = pos + 1
      skip()
      if byte(s, pos) == 93 then pos = pos + 1 return arr end
      while true do
        arr[#arr + 1] = value()
        skip()
        c = byte(s, pos)
        pos = pos + 1
        if c == 93 then return arr end
      end
    elseif c == 34 then return str()
    elseif c == 116 then pos = pos + 4 return true
    elseif c == 102 then pos = pos + 5 return false
    elseif c == 110 then pos = pos + 4 return nil
    else
      local a, b = find(s, "^-?%d+%.?%d*[eE]?[-+]?%d*", pos)
      local num = sub(s, a, b)
      pos = b + 1
      return math.tointeger(tonumber(num)) or tonumber(num)
    end
  end
  return value()
end

local function make_doc(size)
  local doc = {users = {}, meta = {version = 3, generator = "amber-bench", ratio = 0.125}}
  for i = 1, size do
    doc.users[i] = {
      id = i, name = "user" .. i, email = "user" .. i .. "@example.org",
      active = i % 3 ~= 0, score = i * 1.5, tags = {"t" .. (i % 7), "t" .. (i % 11)},
      address = {street = i .. " Main St", city = "City\t" .. (i % 13), zip = string.format("%05d", i)},
    }
  end
  return doc
end

local doc = make_doc(200)
local total = 0
for i = 1, n do
  local text = table.concat(encode(doc, {}))
  local back = decode(text)
  local again = table.concat(encode(back, {}))
  if again ~= text then error("round trip mismatch") end
  total = total + #text + #back.users + back.users[200].id
end
print("json", n, total)
