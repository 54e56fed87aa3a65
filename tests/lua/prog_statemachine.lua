-- a table-driven state machine: a vending machine and a tokenizer for numbers
local machine = {
  idle = {coin = "ready", push = "idle"},
  ready = {coin = "ready", push = "vending", refund = "idle"},
  vending = {done = "idle"},
}
local state, credits, log = "idle", 0, {}
local function event(e)
  local nxt = machine[state][e]
  if not nxt then log[#log + 1] = state .. ":" .. e .. "!ignored" return end
  if e == "coin" then credits = credits + 1 end
  if e == "refund" then credits = 0 end
  if nxt == "vending" then credits = credits - 1 end
  log[#log + 1] = state .. "-" .. e .. "->" .. nxt
  state = nxt
end
for _, e in ipairs({"push", "coin", "coin", "push", "done", "refund", "push", "coin", "refund", "done"}) do event(e) end
print(table.concat(log, "\n"))
print("final", state, credits)
-- number recogniser as a DFA: integers, decimals, exponents
local dfa = {
  start = {sign = "signed", digit = "int", dot = "dot0"},
  signed = {digit = "int", dot = "dot0"},
  int = {digit = "int", dot = "frac", e = "exp0"},
  dot0 = {digit = "frac"},
  frac = {digit = "frac", e = "exp0"},
  exp0 = {sign = "expsign", digit = "exp"},
  expsign = {digit = "exp"},
  exp = {digit = "exp"},
}
local accept = {int = true, frac = true, exp = true}
local function class(c) if c:match("%d") then return "digit" elseif c == "+" or c == "-" then return "sign" elseif c == "." then return "dot" elseif c == "e" or c == "E" then return "e" end return "other" end
local function is_number(s)
  local st = "start"
  for c in s:gmatch(".") do st = dfa[st][class(c)] if not st then return false end end
  return accept[st] == true
end
for _, s in ipairs({"42", "-3.5", "+.5", "1e10", "2.5E-3", ".", "1e", "--1", "12a", "", "0.", "-.e1"}) do
  print(string.format("%-8s %-5s %s", s, tostring(is_number(s)), tostring(tonumber(s) ~= nil)))
end
