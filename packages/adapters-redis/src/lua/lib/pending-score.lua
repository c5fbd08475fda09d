-- Prepended to the scripts that add an event to the pending index (see lua-scripts.ts).
-- The score is the receipt time in ms plus a fraction (n/1024) counting the events added
-- for that same millisecond, so events received at the same instant are listed in the
-- order they were recorded (the applier keeps each person's effects in that order).
-- `tick` holds "<ms>|<n>" of the last receipt added; n stops at 1023.
local function pending_score(tick, received_ms)
  local last = redis.call('GET', tick)
  local n = 0
  if last then
    local sep = string.find(last, '|', 1, true)
    if tonumber(string.sub(last, 1, sep - 1)) == received_ms then n = math.min(tonumber(string.sub(last, sep + 1)) + 1, 1023) end
  end
  redis.call('SET', tick, received_ms .. '|' .. n)
  return received_ms + n / 1024
end
