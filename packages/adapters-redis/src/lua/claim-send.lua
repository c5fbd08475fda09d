-- The send claim: every check and write of one first touch or follow-up, atomically.
-- KEYS[1] card json   KEYS[2] card meta   KEYS[3] ledger json   KEYS[4] ledger meta
-- KEYS[5] controls    KEYS[6] day counter KEYS[7] fence         KEYS[8] epoch
-- KEYS[9] cards:status:queued  KEYS[10] cards:status:sending  KEYS[11] ledger:all
-- KEYS[12] ledger:state:sending  KEYS[13] touches set  KEYS[14] days set  KEYS[15] fences set
-- KEYS[16..] touch:<identity key> then ledger:key:<identity key> for each key (2n keys)
-- then alias:<card's lead id>, person:<its root>, stop:<key> for each key (n keys), then
-- suppression:<target> for each target (t keys), the day's per-channel counts (a hash),
-- and last merge-announced:<card's lead id> and merge-announced:<its root> (sets)
-- ARGV: epoch, cardId, step, expectedVersion, digest, channel, dayKey, dailyCap,
--       fenceToken ('' = none), at, ledgerJson, keyCount, ledgerId, then n touch JSONs,
--       then the card's lead id, its root, m, the root's m keys as read, t, the channel's
--       own cap that day ('' = none), and last '1' when an announced merge refuses the claim
-- The n keys are the person's keys as the caller read (or assumed) them, plus the card's
-- snapshot; the card's lead and the person are re-checked here, so a merge in between (or
-- a wrong assumption) makes the caller read again. A caller that assumed the person
-- without reading the leads slot asks for announced merges to refuse too: one of them may
-- be decided there and not applied here yet (a crash between the two slots).
if ARGV[1] == '' or redis.call('GET', KEYS[8]) ~= ARGV[1] then return {'blocked', 'the epoch marker is missing or changed: the data was flushed or replaced'} end
local cardJson = redis.call('GET', KEYS[1])
if not cardJson then return {'card_not_found', 'card ' .. ARGV[2] .. ' does not exist'} end
local controls = redis.call('GET', KEYS[5])
if controls then
  local c = cjson.decode(controls)
  if c.emergencyStop and c.emergencyStop.engaged == true then return {'emergency_stop', 'the emergency stop is engaged'} end
  -- Per-channel and per-campaign pauses, checked with the stop (cjson reads [] as an empty table).
  if type(c.pausedChannels) == 'table' then
    for _, ch in ipairs(c.pausedChannels) do if ch == ARGV[6] then return {'channel_paused', 'sends on ' .. ARGV[6] .. ' are paused'} end end
  end
  if type(c.pausedCampaigns) == 'table' and #c.pausedCampaigns > 0 then
    local campaign = cjson.decode(ARGV[11]).campaignId
    if campaign then
      for _, id in ipairs(c.pausedCampaigns) do if id == campaign then return {'campaign_paused', 'campaign ' .. campaign .. ' is paused'} end end
    end
  end
end
if redis.call('EXISTS', KEYS[3]) == 1 then return {'card_step_claimed', 'card ' .. ARGV[2] .. ' step ' .. ARGV[3] .. ' was already claimed'} end
-- One read of the three dispatch fields (each call into Redis from a script has a fixed cost).
local meta = redis.call('HMGET', KEYS[2], 'status', 'version', 'contentDigest')
local status = meta[1]
if status ~= 'queued' then return {'card_not_queued', 'card is ' .. tostring(status) .. ', not queued'} end
local version = tonumber(meta[2])
if version ~= tonumber(ARGV[4]) then return {'version_mismatch', 'card is at version ' .. tostring(version) .. ', expected ' .. ARGV[4]} end
if meta[3] ~= ARGV[5] then return {'digest_mismatch', 'card content changed'} end
local n = tonumber(ARGV[12])
local root = ARGV[15 + n]
-- The caller may have assumed the card's lead instead of reading it: check it is the card's.
if cjson.decode(cardJson).leadId ~= ARGV[14 + n] then return {'identity_moved', 'card ' .. ARGV[2] .. ' is not of lead ' .. ARGV[14 + n]} end
if (redis.call('GET', KEYS[16 + 2 * n]) or ARGV[14 + n]) ~= root then return {'identity_moved', 'lead ' .. ARGV[14 + n] .. ' was merged meanwhile'} end
if ARGV[#ARGV] == '1' and (redis.call('SCARD', KEYS[#KEYS - 1]) > 0 or redis.call('SCARD', KEYS[#KEYS]) > 0) then return {'merge_announced', 'a merge of lead ' .. root .. ' is announced'} end
local m = tonumber(ARGV[16 + n])
if redis.call('SCARD', KEYS[17 + 2 * n]) ~= m then return {'identity_moved', 'the keys of lead ' .. root .. ' changed meanwhile'} end
for i = 1, m do
  if redis.call('SISMEMBER', KEYS[17 + 2 * n], ARGV[16 + n + i]) == 0 then return {'identity_moved', 'the keys of lead ' .. root .. ' changed meanwhile'} end
end
for i = 1, n do
  local touch = redis.call('GET', KEYS[15 + i])
  if touch then
    local t = cjson.decode(touch)
    if t.channel ~= ARGV[6] then return {'channel_locked', t.identityKey .. ' is bound to ' .. t.channel .. ' by card ' .. t.cardId} end
    if ARGV[3] == '0' and t.cardId ~= ARGV[2] then return {'lead_already_touched', t.identityKey .. ' was first touched by card ' .. t.cardId} end
  end
end
local channelDays = KEYS[#KEYS - 2]
for i = 18 + 3 * n, #KEYS - 3 do
  local suppression = redis.call('GET', KEYS[i])
  if suppression then
    local sup = cjson.decode(suppression)
    return {'suppressed', tostring(sup.target) .. ' is suppressed (' .. tostring(sup.reason) .. ')'}
  end
end
if ARGV[3] ~= '0' then
  for i = 1, n do
    local stop = redis.call('GET', KEYS[17 + 2 * n + i])
    if stop then
      local st = cjson.decode(stop)
      return {'cadence_stopped', 'the cadence of ' .. tostring(st.identityKey) .. ' stopped (' .. tostring(st.reason) .. ')'}
    end
  end
end
local sent = tonumber(redis.call('GET', KEYS[6]) or '0')
if sent >= tonumber(ARGV[8]) then return {'daily_cap_reached', sent .. ' of ' .. ARGV[8] .. ' sends used on ' .. ARGV[7]} end
local channelCap = ARGV[#ARGV - 1]
if channelCap ~= '' then
  local onChannel = tonumber(redis.call('HGET', channelDays, ARGV[6]) or '0')
  if onChannel >= tonumber(channelCap) then return {'channel_daily_cap_reached', onChannel .. ' of ' .. channelCap .. ' ' .. ARGV[6] .. ' sends used on ' .. ARGV[7]} end
end
if ARGV[9] ~= '' then
  local highest = tonumber(redis.call('GET', KEYS[7]) or '0')
  if tonumber(ARGV[9]) < highest then return {'stale_fence', 'fence ' .. ARGV[9] .. ' is stale'} end
  redis.call('SET', KEYS[7], ARGV[9])
  redis.call('SADD', KEYS[15], KEYS[7])
end
redis.call('SET', KEYS[3], ARGV[11])
redis.call('HSET', KEYS[4], 'state', 'sending')
redis.call('ZADD', KEYS[11], 0, ARGV[13])
redis.call('ZADD', KEYS[12], 0, ARGV[13])
for i = 1, n do
  redis.call('ZADD', KEYS[15 + n + i], 0, ARGV[13])
  if ARGV[3] == '0' then
    redis.call('SET', KEYS[15 + i], ARGV[13 + i])
    redis.call('SADD', KEYS[13], KEYS[15 + i])
  end
end
redis.call('INCR', KEYS[6])
redis.call('HINCRBY', channelDays, ARGV[6], 1)
redis.call('SADD', KEYS[14], ARGV[7])
redis.call('HSET', KEYS[2], 'status', 'sending', 'version', version + 1, 'updatedAt', ARGV[10])
redis.call('ZREM', KEYS[9], ARGV[2])
redis.call('ZADD', KEYS[10], 0, ARGV[2])
return {'ok'}
