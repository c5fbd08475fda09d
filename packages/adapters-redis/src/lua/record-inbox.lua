-- KEYS[1] inbox:<eventId>  KEYS[2] inbox:pending  KEYS[3] inbox:all
-- ARGV: eventId, json, nowMs, receivedAtMs, ttlMs
local existing = redis.call('GET', KEYS[1])
if existing then
  local e = cjson.decode(existing)
  if e.expiresAtMs > tonumber(ARGV[3]) then
    if redis.call('ZSCORE', KEYS[2], ARGV[1]) then return {'pending', existing} end
    return {'applied', existing}
  end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[5])
redis.call('ZADD', KEYS[2], tonumber(ARGV[4]), ARGV[1])
redis.call('ZADD', KEYS[3], 0, ARGV[1])
return {'new'}
