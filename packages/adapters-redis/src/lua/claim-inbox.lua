-- The apply claims of several recorded webhook events in one atomic step (the applier's
-- lane heads of one round): per event record-inbox.lua's rules for an event already
-- recorded, without its body. A repeated id finds the caller's own claim: 'claimed'.
-- KEYS[1] inbox:pending  KEYS[2] inbox:expiry (retention index)  KEYS[3..] each event's claim key, in ARGV order
-- ARGV: nowMs, claim holder, claim ttlMs, then the event ids
-- A record is live while its retention (the index holds its end, written with every
-- record) has not ended; live and out of pending is applied. The claim value is
-- "<untilMs>|<holder>", compared with the caller's clock (nowMs) exactly as record-inbox.lua
-- does; its PX is only garbage collection.
local now = tonumber(ARGV[1])
local holder = ARGV[2]
local ttl = tonumber(ARGV[3])
local claim_value = (now + ttl) .. '|' .. holder
local results = {}
for i = 4, #ARGV do
  local id = ARGV[i]
  local claim = KEYS[i - 1]
  local retained = redis.call('ZSCORE', KEYS[2], id)
  local verdict
  if not retained or tonumber(retained) <= now then
    verdict = 'unknown'
  elseif not redis.call('ZSCORE', KEYS[1], id) then
    verdict = 'applied'
  else
    verdict = 'claimed'
    local held = redis.call('GET', claim)
    if held then
      local sep = string.find(held, '|', 1, true)
      if string.sub(held, sep + 1) ~= holder and tonumber(string.sub(held, 1, sep - 1)) > now then verdict = 'in_progress' end
    end
    if verdict == 'claimed' then redis.call('SET', claim, claim_value, 'PX', ttl + 60000) end
  end
  results[i - 3] = verdict
end
return results
