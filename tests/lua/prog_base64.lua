-- base64 encoding and decoding with bit operations
local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local enc_t, dec_t = {}, {}
for i = 1, 64 do local c = alphabet:sub(i, i) enc_t[i - 1] = c dec_t[c] = i - 1 end
local function encode(s)
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = s:byte(i, i + 2)
    local n = (a << 16) | ((b or 0) << 8) | (c or 0)
    out[#out + 1] = enc_t[(n >> 18) & 63] .. enc_t[(n >> 12) & 63] ..
      (b and enc_t[(n >> 6) & 63] or "=") .. (c and enc_t[n & 63] or "=")
  end
  return table.concat(out)
end
local function decode(s)
  s = s:gsub("[^%w%+/=]", "")
  local out = {}
  for i = 1, #s, 4 do
    local chunk = s:sub(i, i + 3)
    local n, pad = 0, 0
    for j = 1, 4 do
      local c = chunk:sub(j, j)
      if c == "=" then pad = pad + 1 n = n << 6 else n = (n << 6) | dec_t[c] end
    end
    local bytes = string.char((n >> 16) & 255, (n >> 8) & 255, n & 255)
    out[#out + 1] = bytes:sub(1, 3 - pad)
  end
  return table.concat(out)
end
for _, s in ipairs({"", "f", "fo", "foo", "foob", "fooba", "foobar", "Hello, World!", "\0\1\2\255"}) do
  local e = encode(s)
  print(string.format("%-14s -> %-22s %s", string.format("%q", s), e, tostring(decode(e) == s)))
end
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
local blob = table.concat(all):rep(4)
local e = encode(blob)
print(#e, e:sub(1, 24), decode(e) == blob)
