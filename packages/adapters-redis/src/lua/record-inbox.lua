-- KEYS[1] inbox:<eventId>  KEYS[2] inbox:pending  KEYS[3] inbox:all  KEYS[4] inbox claim:<eventId>
-- KEYS[5] inbox:expiry (retention index)  KEYS[6] pending tick (pending_score: lib/pending-score.lua)
-- ARGV: eventId, json, nowMs, receivedAtMs, ttlMs, claim holder ('' = no claim), claim ttlMs,
--       end of retention (ms)
-- The claim value is "<untilMs>|<holder>", compared with the caller's clock (nowMs), so the
-- store and its callers agree on when a claim lapsed; its PX is only garbage collection.
local function take_claim()
  if ARGV[6] ~= '' then
    local until_ms = tonumber(ARGV[3]) + tonumber(ARGV[7])
    redis.call('SET', KEYS[4], until_ms .. '|' .. ARGV[6], 'PX', tonumber(ARGV[7]) + 60000)
  end
end
local existing = redis.call('GET', KEYS[1])
if existing then
  local e = cjson.decode(existing)
  if e.expiresAtMs > tonumber(ARGV[3]) then
    if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then return {'applied', existing} end
    if ARGV[6] ~= '' then
      local held = redis.call('GET', KEYS[4])
      if held then
        local sep = string.find(held, '|', 1, true)
        local until_ms = tonumber(string.sub(held, 1, sep - 1))
        local holder = string.sub(held, sep + 1)
        if holder ~= ARGV[6] and until_ms > tonumber(ARGV[3]) then return {'in_progress', existing} end
      end
    end
    take_claim()
    return {'pending', existing}
  end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[5])
redis.call('ZADD', KEYS[2], pending_score(KEYS[6], tonumber(ARGV[4])), ARGV[1])
redis.call('ZADD', KEYS[3], 0, ARGV[1])
redis.call('ZADD', KEYS[5], tonumber(ARGV[8]), ARGV[1])
take_claim()
return {'new'}
