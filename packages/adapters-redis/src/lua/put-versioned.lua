-- Compare-and-set of a versioned record whose version lives in a meta hash, with its
-- index changes, atomically. KEYS: record json, meta hash, then R index sets to ZREM the
-- member from, A index sets to ZADD it to, S string keys to SET to the member.
-- ARGV: expected version ('' = must not exist), json, member, R, A, S, meta field/value pairs...
local current = redis.call('HGET', KEYS[2], 'version')
if ARGV[1] == '' then
  if current then return {'conflict', current} end
elseif tostring(current) ~= ARGV[1] then
  return {'conflict', current or ''}
end
redis.call('SET', KEYS[1], ARGV[2])
local r, a, s = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
for i = 3, 2 + r do redis.call('ZREM', KEYS[i], ARGV[3]) end
for i = 3 + r, 2 + r + a do redis.call('ZADD', KEYS[i], 0, ARGV[3]) end
for i = 3 + r + a, 2 + r + a + s do redis.call('SET', KEYS[i], ARGV[3]) end
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], unpack(ARGV, 7))
return {'ok'}
