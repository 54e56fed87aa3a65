-- a tiny interpreter for an arithmetic expression language with variables and functions
local function tokenize(src)
  local toks, i = {}, 1
  while i <= #src do
    local c = src:sub(i, i)
    if c:match("%s") then i = i + 1
    elseif c:match("%d") then
      local num = src:match("^%d+%.?%d*", i)
      toks[#toks + 1] = {t = "num", v = tonumber(num)}; i = i + #num
    elseif c:match("[%a_]") then
      local id = src:match("^[%a_][%w_]*", i)
      toks[#toks + 1] = {t = (id == "let" or id == "fn" or id == "if" or id == "then" or id == "else") and id or "id", v = id}; i = i + #id
    elseif src:sub(i, i + 1) == "==" or src:sub(i, i + 1) == "<=" then
      toks[#toks + 1] = {t = src:sub(i, i + 1)}; i = i + 2
    else
      toks[#toks + 1] = {t = c}; i = i + 1
    end
  end
  toks[#toks + 1] = {t = "eof"}
  return toks
end
local function parse(toks)
  local p = 1
  local function peek() return toks[p].t end
  local function take(t) local tok = toks[p] if t and tok.t ~= t then error("expected " .. t .. " got " .. tok.t, 0) end p = p + 1 return tok end
  local expr
  local function primary()
    local t = peek()
    if t == "num" then return {k = "num", v = take().v}
    elseif t == "id" then
      local name = take().v
      if peek() == "(" then
        take("(")
        local args = {}
        if peek() ~= ")" then repeat args[#args + 1] = expr() until peek() ~= "," or not take(",") end
        take(")")
        return {k = "call", f = name, args = args}
      end
      return {k = "var", name = name}
    elseif t == "(" then take("(") local e = expr() take(")") return e
    elseif t == "-" then take() return {k = "neg", e = primary()}
    elseif t == "if" then
      take() local c = expr() take("then") local a = expr() take("else") local b = expr()
      return {k = "if", c = c, a = a, b = b}
    end
    error("unexpected " .. t, 0)
  end
  local prec = {["=="] = 1, ["<"] = 1, ["<="] = 1, ["+"] = 2, ["-"] = 2, ["*"] = 3, ["/"] = 3, ["%"] = 3}
  local function binary(minp)
    local lhs = primary()
    while prec[peek()] and prec[peek()] >= minp do
      local op = take().t
      local rhs = binary(prec[op] + 1)
      lhs = {k = "bin", op = op, l = lhs, r = rhs}
    end
    return lhs
  end
  expr = function() return binary(1) end
  local stmts = {}
  while peek() ~= "eof" do
    if peek() == "let" then
      take() local name = take("id").v take("=")
      stmts[#stmts + 1] = {k = "let", name = name, e = expr(1)}
    elseif peek() == "fn" then
      take() local name = take("id").v take("(")
      local params = {}
      if peek() ~= ")" then repeat params[#params + 1] = take("id").v until peek() ~= "," or not take(",") end
      take(")") take("=")
      stmts[#stmts + 1] = {k = "fn", name = name, params = params, body = expr(1)}
    else
      stmts[#stmts + 1] = {k = "print", e = expr(1)}
    end
    if peek() == ";" then take() end
  end
  return stmts
end
local function eval(node, env, fns)
  local k = node.k
  if k == "num" then return node.v
  elseif k == "var" then
    local v = env[node.name]
    if v == nil then error("undefined variable " .. node.name, 0) end
    return v
  elseif k == "neg" then return -eval(node.e, env, fns)
  elseif k == "if" then
    if eval(node.c, env, fns) ~= 0 then return eval(node.a, env, fns) else return eval(node.b, env, fns) end
  elseif k == "call" then
    local f = fns[node.f]
    if not f then error("undefined function " .. node.f, 0) end
    local local_env = setmetatable({}, {__index = env})
    for i, pname in ipairs(f.params) do local_env[pname] = eval(node.args[i], env, fns) end
    return eval(f.body, local_env, fns)
  elseif k == "bin" then
    local a, b = eval(node.l, env, fns), eval(node.r, env, fns)
    local op = node.op
    if op == "+" then return a + b elseif op == "-" then return a - b
    elseif op == "*" then return a * b elseif op == "/" then return a / b
    elseif op == "%" then return a % b
    elseif op == "==" then return a == b and 1 or 0
    elseif op == "<" then return a < b and 1 or 0
    elseif op == "<=" then return a <= b and 1 or 0 end
  end
  error("bad node " .. tostring(k))
end
local function run(src)
  local ok, err = pcall(function()
    local env, fns = {}, {}
    for _, st in ipairs(parse(tokenize(src))) do
      if st.k == "let" then env[st.name] = eval(st.e, env, fns)
      elseif st.k == "fn" then fns[st.name] = st
      else print(eval(st.e, env, fns)) end
    end
  end)
  if not ok then print("error: " .. err) end
end
run("let x = 3; let y = 4; x * x + y * y; (x + y) * 2 - -1")
run("fn sq(a) = a * a; fn hyp(a, b) = sq(a) + sq(b); hyp(5, 12)")
run("fn fact(n) = if n <= 1 then 1 else n * fact(n - 1); fact(10); fact(20)")
run("fn fib(n) = if n < 2 then n else fib(n - 1) + fib(n - 2); fib(20)")
run("7 / 2; 7 % 3; 1 + 2 * 3 - 4")
run("undefinedvar + 1")
run("nofn(1)")
run("let = 5")
run("fn gcd(a, b) = if b == 0 then a else gcd(b, a % b); gcd(1071, 462)")
