-- shunting-yard infix to RPN conversion and RPN evaluation
local prec = {["+"] = 1, ["-"] = 1, ["*"] = 2, ["/"] = 2, ["%"] = 2, ["^"] = 3}
local right = {["^"] = true}
local function to_rpn(expr)
  local out, ops = {}, {}
  local i = 1
  while i <= #expr do
    local c = expr:sub(i, i)
    if c:match("%s") then i = i + 1
    elseif c:match("[%d%.]") then local num = expr:match("^[%d%.]+", i) out[#out + 1] = num i = i + #num
    elseif c == "(" then ops[#ops + 1] = c i = i + 1
    elseif c == ")" then
      while ops[#ops] ~= "(" do out[#out + 1] = table.remove(ops) if #ops == 0 then error("mismatched )") end end
      table.remove(ops) i = i + 1
    elseif prec[c] then
      while #ops > 0 and prec[ops[#ops]] and (prec[ops[#ops]] > prec[c] or (prec[ops[#ops]] == prec[c] and not right[c])) do out[#out + 1] = table.remove(ops) end
      ops[#ops + 1] = c i = i + 1
    else error("bad char " .. c) end
  end
  while #ops > 0 do local op = table.remove(ops) if op == "(" then error("mismatched (") end out[#out + 1] = op end
  return out
end
local function eval_rpn(rpn)
  local st = {}
  for _, t in ipairs(rpn) do
    if prec[t] then
      local b, a = table.remove(st), table.remove(st)
      if t == "+" then st[#st + 1] = a + b elseif t == "-" then st[#st + 1] = a - b
      elseif t == "*" then st[#st + 1] = a * b elseif t == "/" then st[#st + 1] = a / b
      elseif t == "%" then st[#st + 1] = a % b else st[#st + 1] = a ^ b end
    else st[#st + 1] = math.tointeger(tonumber(t)) or tonumber(t) end
  end
  return st[1]
end
for _, e in ipairs({"3 + 4 * 2 / ( 1 - 5 ) ^ 2 ^ 3", "(1 + 2) * (3 + 4)", "2 ^ 3 ^ 2", "10 - 4 - 3", "7 % 4 * 3", "1.5 * 4", "((2))", "(1 + 2"}) do
  local ok, rpn = pcall(to_rpn, e)
  if ok then print(table.concat(rpn, " "), "=", eval_rpn(rpn)) else print("error", (rpn:gsub("^.-:%d+: ", ""))) end
end
