-- string library function presence and edge cases
local names = {}
for k in pairs(string) do names[#names + 1] = k end
table.sort(names)
local want = {"byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match", "rep", "reverse", "sub", "upper"}
local have = {}
for _, n in ipairs(names) do have[n] = true end
for _, n in ipairs(want) do io.write(n, "=", tostring(have[n]), " ") end
print()
print(pcall(string.rep))
print(pcall(string.upper))
print(pcall(string.len, {}))
print(pcall(string.sub, "x", "a"))
print(("x"):rep(3, ""))
print(tostring(12):len(), ("abc"):upper():byte(-1))
