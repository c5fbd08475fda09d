-- Accepts the events of one webhook delivery in one atomic step: each new event is
-- recorded pending (for the applier), or applied together with its audit entry (an
-- audit-only event); an event already recorded and not expired is a duplicate.
-- KEYS[1] inbox:pending  KEYS[2] inbox:all  KEYS[3] inbox:expiry  KEYS[4] pending tick
-- KEYS[5] audit entries hash  KEYS[6] audit sequence
-- then per event: inbox:<eventId>, inbox claim:<eventId>, then its audit lists (log and indexes)
-- ARGV[1] nowMs  ARGV[2] number of events
-- then per event: eventId, json, receivedAtMs, ttlMs, end of retention (ms), audit json ('' = none), number of audit lists
local now = tonumber(ARGV[1])
local results = {}
local k = 7
local a = 3
for i = 1, tonumber(ARGV[2]) do
  local id, json, received, ttl, expires, entry, lists = ARGV[a], ARGV[a + 1], tonumber(ARGV[a + 2]), ARGV[a + 3], tonumber(ARGV[a + 4]), ARGV[a + 5], tonumber(ARGV[a + 6])
  local key, claim = KEYS[k], KEYS[k + 1]
  -- Written only if absent: a new event (the common case) costs one command for the check
  -- and the write. A record already there is a duplicate while its retention (the
  -- retention index holds its end: no need to decode the record) has not ended, and is
  -- overwritten as a new event once it has.
  local fresh = redis.call('SET', key, json, 'PX', ttl, 'NX')
  local duplicate = false
  if not fresh then
    local retained = redis.call('ZSCORE', KEYS[3], id)
    duplicate = retained ~= false and tonumber(retained) > now
    if not duplicate then redis.call('SET', key, json, 'PX', ttl) end
  end
  if duplicate then
    results[i] = 'duplicate'
  else
    redis.call('DEL', claim)
    redis.call('ZADD', KEYS[2], 0, id)
    redis.call('ZADD', KEYS[3], expires, id)
    if entry == '' then
      redis.call('ZADD', KEYS[1], pending_score(KEYS[4], received), id)
    else
      redis.call('ZREM', KEYS[1], id)
      local seq = redis.call('INCR', KEYS[6])
      redis.call('HSET', KEYS[5], seq, entry)
      for j = k + 2, k + 1 + lists do redis.call('RPUSH', KEYS[j], seq) end
    end
    results[i] = 'new'
  end
  k = k + 2 + lists
  a = a + 7
end
return results
