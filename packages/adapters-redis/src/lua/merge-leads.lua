-- A merge, decided here in the leads slot: the survivor is written compare-and-set, each
-- absorbed lead must still be at the version read and is removed, every key of the
-- survivor is indexed to it, and the merge's intent (what the send slot must unite) is
-- recorded under the survivor's and each absorbed lead's id; all or nothing. The caller
-- then applies the intent to the send slot (link-person) and clears it (complete-merge);
-- whoever meets a pending intent (a claim, a read of an absorbed id, the next start)
-- applies it first.
-- KEYS[1] lead:<s>  KEYS[2] lead meta:<s>  KEYS[3] leads (all)  KEYS[4] leads by the survivor's label
-- KEYS[5] leads by the survivor's former label; then for each absorbed a: lead:<a>, lead meta:<a>,
-- leads by a's label; then identity:<key> for each key of the survivor; last, merges-pending.
-- ARGV: expected version ('' = new), json, s, version, n, then n expected versions of the absorbed (ids follow), then ids,
--       then the intent's JSON
local current = redis.call('HGET', KEYS[2], 'version')
if ARGV[1] == '' then
  if current then return {'conflict', ARGV[3], current} end
elseif tostring(current) ~= ARGV[1] then
  return {'conflict', ARGV[3], current or ''}
end
local n = tonumber(ARGV[5])
for i = 1, n do
  local v = redis.call('HGET', KEYS[5 + (i - 1) * 3 + 2], 'version')
  if tostring(v) ~= ARGV[5 + i] then return {'conflict', ARGV[5 + n + i], v or ''} end
end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], 'version', ARGV[4])
redis.call('ZREM', KEYS[5], ARGV[3])
redis.call('ZADD', KEYS[3], 0, ARGV[3])
redis.call('ZADD', KEYS[4], 0, ARGV[3])
for i = 1, n do
  local a = ARGV[5 + n + i]
  redis.call('DEL', KEYS[5 + (i - 1) * 3 + 1], KEYS[5 + (i - 1) * 3 + 2])
  redis.call('ZREM', KEYS[3], a)
  redis.call('ZREM', KEYS[5 + (i - 1) * 3 + 3], a)
end
for i = 6 + 3 * n, #KEYS - 1 do redis.call('SET', KEYS[i], ARGV[3]) end
local intent = ARGV[6 + 2 * n]
redis.call('HSET', KEYS[#KEYS], ARGV[3], intent)
for i = 1, n do redis.call('HSET', KEYS[#KEYS], ARGV[5 + n + i], intent) end
return {'ok'}
