-- io.read with several formats in one call and at end of input
local a, b, c = io.read("l", "n", "l")
print(a, b, c)
local n1, n2, n3 = io.read("n", "n", "n")
print(n1, n2, n3)
print(io.read("l"))
local nums = {}
while true do local v = io.read("n") if not v then break end nums[#nums + 1] = v end
print(#nums, table.concat(nums, ","))
print(io.read("l"))
print(io.read("a"))
