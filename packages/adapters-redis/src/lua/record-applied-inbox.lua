-- Records a webhook event whose whole application is one audit entry, applied, together
-- with that entry (append_audit: lib/append-audit.lua): one atomic step instead of record,
-- audit and mark applied. The inbox shares the audit slot for this (see RedisKeys).
-- KEYS[1] inbox:<eventId>  KEYS[2] inbox:pending  KEYS[3] inbox:all  KEYS[4] inbox claim:<eventId>
-- KEYS[5] inbox:expiry  KEYS[6] audit entries hash  KEYS[7] audit sequence  KEYS[8] audit log
-- KEYS[9..] audit index lists
-- ARGV: eventId, event json, nowMs, ttlMs, end of retention (ms), audit entry json
local now = tonumber(ARGV[3])
local existing = redis.call('GET', KEYS[1])
local pending = false
if existing and cjson.decode(existing).expiresAtMs > now then
  if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then return {'applied', existing} end
  -- Recorded but not applied (a crash under the claim path): applied here unless a live claim says someone is at it.
  local held = redis.call('GET', KEYS[4])
  if held and tonumber(string.sub(held, 1, string.find(held, '|', 1, true) - 1)) > now then return {'in_progress', existing} end
  pending = true
else
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[4])
  redis.call('ZADD', KEYS[3], 0, ARGV[1])
  redis.call('ZADD', KEYS[5], tonumber(ARGV[5]), ARGV[1])
end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[4])
append_audit(KEYS[6], KEYS[7], 8, ARGV[6])
if pending then return {'pending', existing} end
return {'new'}
