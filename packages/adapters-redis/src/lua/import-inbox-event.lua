-- Moves one inbox event written by an older version into the inbox's current place,
-- unless an event of that id is already there (the newer record wins).
-- KEYS[1] inbox:<eventId>  KEYS[2] inbox:pending  KEYS[3] inbox:all  KEYS[4] inbox:expiry
-- ARGV: eventId, event json, TTL (ms), end of retention (ms), pending score ('' = applied)
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('ZADD', KEYS[3], 0, ARGV[1])
redis.call('ZADD', KEYS[4], tonumber(ARGV[4]), ARGV[1])
if ARGV[5] ~= '' then redis.call('ZADD', KEYS[2], tonumber(ARGV[5]), ARGV[1]) end
return 1
