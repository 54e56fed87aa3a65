-- bench: Richards, an operating-system task scheduler simulation (method-heavy object code)
local count = tonumber(arg and arg[1]) or 100

local ID_IDLE, ID_WORKER, ID_HANDLER_A, ID_HANDLER_B, ID_DEVICE_A, ID_DEVICE_B = 1, 2, 3, 4, 5, 6
local NUMBER_OF_IDS = 6
local KIND_DEVICE, KIND_WORK = 0, 1
local DATA_SIZE = 4

-- Packets carry work between tasks.
local Packet = {}
Packet.__index = Packet
function Packet.new(link, id, kind)
  local p = setmetatable({link = link, id = id, kind = kind, a1 = 0, a2 = {}}, Packet)
  for i = 1, DATA_SIZE do p.a2[i] = 0 end
  return p
end
function Packet:append_to(queue)
  self.link = nil
  if queue == nil then return self end
  local next = queue
  while next.link ~= nil do next = next.link end
  next.link = self
  return queue
end

-- Task control blocks: a task's state is three bits (packet pending, waiting, held).
local STATE_RUNNING, STATE_RUNNABLE, STATE_SUSPENDED, STATE_HELD = 0, 1, 2, 4
local STATE_SUSPENDED_RUNNABLE = STATE_SUSPENDED | STATE_RUNNABLE
local STATE_NOT_HELD = ~STATE_HELD

local TCB = {}
TCB.__index = TCB
function TCB.new(link, id, priority, queue, task)
  local t = setmetatable({link = link, id = id, priority = priority, queue = queue, task = task}, TCB)
  t.state = queue == nil and STATE_SUSPENDED or STATE_SUSPENDED_RUNNABLE
  return t
end
function TCB:set_running() self.state = STATE_RUNNING end
function TCB:mark_not_held() self.state = self.state & STATE_NOT_HELD end
function TCB:mark_held() self.state = self.state | STATE_HELD end
function TCB:is_held_or_suspended() return (self.state & STATE_HELD) ~= 0 or self.state == STATE_SUSPENDED end
function TCB:mark_suspended() self.state = self.state | STATE_SUSPENDED end
function TCB:mark_runnable() self.state = self.state | STATE_RUNNABLE end
function TCB:run()
  local packet
  if self.state == STATE_SUSPENDED_RUNNABLE then
    packet = self.queue
    self.queue = packet.link
    self.state = self.queue == nil and STATE_RUNNING or STATE_RUNNABLE
  end
  return self.task:run(packet)
end
function TCB:check_priority_add(task, packet)
  if self.queue == nil then
    self.queue = packet
    self:mark_runnable()
    if self.priority > task.priority then return self end
  else
    self.queue = packet:append_to(self.queue)
  end
  return task
end

-- The scheduler.
local Scheduler = {}
Scheduler.__index = Scheduler
function Scheduler.new()
  return setmetatable({queue_count = 0, hold_count = 0, blocks = {}, list = nil, current_tcb = nil, current_id = nil}, Scheduler)
end
function Scheduler:add_task(id, priority, queue, task)
  self.current_tcb = TCB.new(self.list, id, priority, queue, task)
  self.list = self.current_tcb
  self.blocks[id] = self.current_tcb
end
function Scheduler:add_running_task(id, priority, queue, task)
  self:add_task(id, priority, queue, task)
  self.current_tcb:set_running()
end
function Scheduler:schedule()
  self.current_tcb = self.list
  while self.current_tcb ~= nil do
    if self.current_tcb:is_held_or_suspended() then
      self.current_tcb = self.current_tcb.link
    else
      self.current_id = self.current_tcb.id
      self.current_tcb = self.current_tcb:run()
    end
  end
end
function Scheduler:release(id)
  local tcb = self.blocks[id]
  if tcb == nil then return tcb end
  tcb:mark_not_held()
  if tcb.priority > self.current_tcb.priority then return tcb end
  return self.current_tcb
end
function Scheduler:hold_current()
  self.hold_count = self.hold_count + 1
  self.current_tcb:mark_held()
  return self.current_tcb.link
end
function Scheduler:suspend_current()
  self.current_tcb:mark_suspended()
  return self.current_tcb
end
function Scheduler:queue(packet)
  local t = self.blocks[packet.id]
  if t == nil then return t end
  self.queue_count = self.queue_count + 1
  packet.link = nil
  packet.id = self.current_id
  return t:check_priority_add(self.current_tcb, packet)
end

-- The four kinds of task.
local IdleTask = {}
IdleTask.__index = IdleTask
function IdleTask.new(s, v1, count) return setmetatable({s = s, v1 = v1, count = count}, IdleTask) end
function IdleTask:run(packet)
  self.count = self.count - 1
  if self.count == 0 then return self.s:hold_current() end
  if (self.v1 & 1) == 0 then
    self.v1 = self.v1 >> 1
    return self.s:release(ID_DEVICE_A)
  end
  self.v1 = (self.v1 >> 1) ~ 0xD008
  return self.s:release(ID_DEVICE_B)
end

local DeviceTask = {}
DeviceTask.__index = DeviceTask
function DeviceTask.new(s) return setmetatable({s = s, v1 = nil}, DeviceTask) end
function DeviceTask:run(packet)
  if packet == nil then
    if self.v1 == nil then return self.s:suspend_current() end
    local v = self.v1
    self.v1 = nil
    return self.s:queue(v)
  end
  self.v1 = packet
  return self.s:hold_current()
end

local WorkerTask = {}
WorkerTask.__index = WorkerTask
function WorkerTask.new(s, v1, v2) return setmetatable({s = s, v1 = v1, v2 = v2}, WorkerTask) end
function WorkerTask:run(packet)
  if packet == nil then return self.s:suspend_current() end
  self.v1 = self.v1 == ID_HANDLER_A and ID_HANDLER_B or ID_HANDLER_A
  packet.id = self.v1
  packet.a1 = 0
  for i = 1, DATA_SIZE do
    self.v2 = self.v2 + 1
    if self.v2 > 26 then self.v2 = 1 end
    packet.a2[i] = self.v2
  end
  return self.s:queue(packet)
end

local HandlerTask = {}
HandlerTask.__index = HandlerTask
function HandlerTask.new(s) return setmetatable({s = s, v1 = nil, v2 = nil}, HandlerTask) end
function HandlerTask:run(packet)
  if packet ~= nil then
    if packet.kind == KIND_WORK then self.v1 = packet:append_to(self.v1)
    else self.v2 = packet:append_to(self.v2) end
  end
  if self.v1 ~= nil then
    local count = self.v1.a1
    if count < DATA_SIZE then
      if self.v2 ~= nil then
        local v = self.v2
        self.v2 = self.v2.link
        v.a1 = self.v1.a2[count + 1]
        self.v1.a1 = count + 1
        return self.s:queue(v)
      end
    else
      local v = self.v1
      self.v1 = self.v1.link
      return self.s:queue(v)
    end
  end
  return self.s:suspend_current()
end

local function run_richards()
  local s = Scheduler.new()
  s:add_running_task(ID_IDLE, 0, nil, IdleTask.new(s, 1, 1000))
  local queue = Packet.new(nil, ID_WORKER, KIND_WORK)
  queue = Packet.new(queue, ID_WORKER, KIND_WORK)
  s:add_task(ID_WORKER, 1000, queue, WorkerTask.new(s, ID_HANDLER_A, 0))
  queue = Packet.new(nil, ID_DEVICE_A, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_A, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_A, KIND_DEVICE)
  s:add_task(ID_HANDLER_A, 2000, queue, HandlerTask.new(s))
  queue = Packet.new(nil, ID_DEVICE_B, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_B, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_B, KIND_DEVICE)
  s:add_task(ID_HANDLER_B, 3000, queue, HandlerTask.new(s))
  s:add_task(ID_DEVICE_A, 4000, nil, DeviceTask.new(s))
  s:add_task(ID_DEVICE_B, 5000, nil, DeviceTask.new(s))
  s:schedule()
  return s.queue_count, s.hold_count
end

local qc, hc
for i = 1, count do qc, hc = run_richards() end
-- the classic expected values for one run with count 1000 are 2322 and 928
print("richards", count, qc, hc, (qc == 2322 and hc == 928) and "ok" or "WRONG")
