-- Old-page workload: a big array written once, so that its pages keep the
-- birth of an early snapshot (shared by the newest two), then only small
-- state changes. tests/system/snap_suite.py damages one of those pages on
-- disk; after the restore the kernel must report it when the array is read
-- and take no snapshot from then on.
local N = 200000
local MARK = 0x5A17C0DE5A17
local big = {}
for i = 1, N do big[i] = MARK end
system:sync()
console:write("filled\n")
local last = system:bootid()
local n = 0
while true do
  if system:bootid() ~= last then
    last = system:bootid()
    local bad = 0
    for i = 1, N do if big[i] ~= MARK then bad = bad + 1 end end
    console:write("restored bad=", bad, "\n")
  end
  n = n + 1
  if n % 20 == 0 then
    local ok = system:sync()
    console:write("synced ", n, " ", tostring(ok), "\n")
  end
  time:sleep(0.005)
end
