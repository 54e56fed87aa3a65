-- string processing: word wrap, caesar cipher, palindromes, run-length coding, templating
local text = "The quick brown fox jumps over the lazy dog and keeps running through the forest until nightfall"
local function wrap(s, width)
  local lines, line = {}, ""
  for word in s:gmatch("%S+") do
    if #line + #word + 1 > width and #line > 0 then lines[#lines + 1] = line line = word
    else line = (#line > 0) and (line .. " " .. word) or word end
  end
  if #line > 0 then lines[#lines + 1] = line end
  return lines
end
for _, l in ipairs(wrap(text, 30)) do print("|" .. l .. string.rep(" ", 30 - #l) .. "|") end
local function caesar(s, k)
  return (s:gsub("%a", function(c)
    local base = c:match("%l") and 97 or 65
    return string.char((c:byte() - base + k) % 26 + base)
  end))
end
local enc = caesar("Hello, World!", 3)
print(enc, caesar(enc, -3))
local function is_pal(s) s = s:lower():gsub("[^%a]", "") return s == s:reverse() end
for _, s in ipairs({"A man, a plan, a canal: Panama", "hello", "Was it a car or a cat I saw?", ""}) do print(is_pal(s), s) end
local function rle(s) local out = {} local i = 1 while i <= #s do local c = s:sub(i, i) local j = i while s:sub(j + 1, j + 1) == c do j = j + 1 end out[#out + 1] = (j - i + 1) .. c i = j + 1 end return table.concat(out) end
local function unrle(s) return (s:gsub("(%d+)(%D)", function(n, c) return c:rep(tonumber(n)) end)) end
local r = rle("aaabccddddde")
print(r, unrle(r), unrle(r) == "aaabccddddde")
local tpl = "Dear {name}, your balance is {balance}. {missing}"
print((tpl:gsub("{(%w+)}", {name = "Ada", balance = string.format("%.2f", 1234.5)})))
local csv = "name,age,city\nAda,36,London\nAlan,41,Wilmslow\nGrace,85,Arlington"
local rows = {}
for line in csv:gmatch("[^\n]+") do local f = {} for field in line:gmatch("[^,]+") do f[#f + 1] = field end rows[#rows + 1] = f end
for i = 2, #rows do print(string.format("%-6s %3d %s", rows[i][1], tonumber(rows[i][2]), rows[i][3]:upper())) end
local function title(s) return (s:gsub("(%a)([%w']*)", function(a, b) return a:upper() .. b:lower() end)) end
print(title("the QUICK brown fox's tale"))
local function split(s, sep) local out = {} for piece in (s .. sep):gmatch("(.-)" .. sep:gsub("%p", "%%%0")) do out[#out + 1] = piece end return out end
print(table.concat(split("a.b..c", "."), "|"), #split("", ","), table.concat(split("x--y--z", "--"), "+"))
local vowels = select(2, text:gsub("[aeiouAEIOU]", ""))
print("vowels", vowels, "words", select(2, text:gsub("%S+", "")))
