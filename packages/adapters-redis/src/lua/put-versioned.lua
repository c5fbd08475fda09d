-- Compare-and-set of a versioned record whose version lives in a meta hash, with its
-- index changes, atomically. KEYS: record json, meta hash, then R index sets to ZREM the
-- member from, A index sets to ZADD it to, S string keys to SET to the member, then QR
-- ordered sets to ZREM the old order member from and QA to ZADD the new one to (the
-- review queue's indexes, whose members sort by creation time; see queueMember).
-- ARGV: expected version ('' = must not exist), json, member, R, A, S, QR, QA,
-- old order member, new order member, meta field/value pairs...
local current = redis.call('HGET', KEYS[2], 'version')
if ARGV[1] == '' then
  if current then return {'conflict', current} end
elseif tostring(current) ~= ARGV[1] then
  return {'conflict', current or ''}
end
redis.call('SET', KEYS[1], ARGV[2])
local r, a, s = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local qr, qa = tonumber(ARGV[7]), tonumber(ARGV[8])
for i = 3, 2 + r do redis.call('ZREM', KEYS[i], ARGV[3]) end
for i = 3 + r, 2 + r + a do redis.call('ZADD', KEYS[i], 0, ARGV[3]) end
for i = 3 + r + a, 2 + r + a + s do redis.call('SET', KEYS[i], ARGV[3]) end
local q = 2 + r + a + s
for i = q + 1, q + qr do redis.call('ZREM', KEYS[i], ARGV[9]) end
for i = q + qr + 1, q + qr + qa do redis.call('ZADD', KEYS[i], 0, ARGV[10]) end
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], unpack(ARGV, 11))
return {'ok'}
