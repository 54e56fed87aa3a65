-- a bank-account simulation with error handling and transaction logs
local Account = {}
Account.__index = Account
local next_id = 100
function Account.open(owner, initial)
  next_id = next_id + 1
  return setmetatable({id = next_id, owner = owner, balance = initial or 0, log = {}}, Account)
end
function Account:deposit(amount)
  if type(amount) ~= "number" or amount <= 0 then error({code = "EINVAL", msg = "invalid amount"}) end
  self.balance = self.balance + amount
  self.log[#self.log + 1] = "+" .. amount
end
function Account:withdraw(amount)
  if amount > self.balance then error({code = "EFUNDS", msg = "insufficient funds in " .. self.id}) end
  self.balance = self.balance - amount
  self.log[#self.log + 1] = "-" .. amount
end
local Bank = {accounts = {}, failures = 0}
function Bank.transfer(from, to, amount)
  local snapshot_from, snapshot_to = from.balance, to.balance
  local ok, err = pcall(function() from:withdraw(amount) to:deposit(amount) end)
  if not ok then
    from.balance, to.balance = snapshot_from, snapshot_to
    Bank.failures = Bank.failures + 1
    return false, err.code .. ": " .. err.msg
  end
  return true
end
local alice, bob, carol = Account.open("alice", 100), Account.open("bob", 50), Account.open("carol")
print(Bank.transfer(alice, bob, 30))
print(Bank.transfer(bob, carol, 100))
print(Bank.transfer(carol, alice, -5))
print(Bank.transfer(bob, carol, 80))
print(Bank.transfer(alice, carol, 0))
for _, a in ipairs({alice, bob, carol}) do print(a.id, a.owner, a.balance, table.concat(a.log, ",")) end
print("failures", Bank.failures)
-- interest compounding with integer cents to stay exact
local cents = 100000
for month = 1, 12 do cents = cents + cents * 5 // 1000 end
print(string.format("after a year: %d.%02d", cents // 100, cents % 100))
-- many random-ish transfers keep the total constant
local accts = {}
for i = 1, 10 do accts[i] = Account.open("u" .. i, 1000) end
local seed = 17
for i = 1, 2000 do
  seed = (seed * 1103515245 + 12345) % 2147483648
  local a, b = accts[seed % 10 + 1], accts[(seed // 10) % 10 + 1]
  if a ~= b then Bank.transfer(a, b, seed % 300 + 1) end
end
local total = 0
for _, a in ipairs(accts) do total = total + a.balance end
print("total", total, "failures", Bank.failures)
