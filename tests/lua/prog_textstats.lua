-- text statistics over a built-in passage: sentences, words, letter histogram
local text = [[
It was the best of times, it was the worst of times, it was the age of wisdom,
it was the age of foolishness, it was the epoch of belief, it was the epoch of
incredulity, it was the season of Light, it was the season of Darkness. It was
the spring of hope, it was the winter of despair! We had everything before us?
We had nothing before us.]]
local sentences = select(2, text:gsub("[%.!?]", ""))
local words, lengths = 0, {}
for w in text:gmatch("%a+") do words = words + 1 lengths[#w] = (lengths[#w] or 0) + 1 end
print("sentences", sentences, "words", words, "lines", select(2, text:gsub("\n", "")) + 1)
local ls = {}
for l, c in pairs(lengths) do ls[#ls + 1] = l end
table.sort(ls)
for _, l in ipairs(ls) do io.write(l, ":", lengths[l], " ") end print()
local hist = {}
for c in text:lower():gmatch("%a") do hist[c] = (hist[c] or 0) + 1 end
local letters = {}
for c in pairs(hist) do letters[#letters + 1] = c end
table.sort(letters, function(a, b) return hist[a] > hist[b] or (hist[a] == hist[b] and a < b) end)
for i = 1, 5 do local c = letters[i] print(c, hist[c], string.rep("*", hist[c] // 4)) end
local longest = ""
for w in text:gmatch("%a+") do if #w > #longest then longest = w end end
print("longest", longest)
