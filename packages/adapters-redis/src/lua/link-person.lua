-- The send slot's side of a merge: who is the same person, atomically. A person is a root
-- lead id with a set of identity keys; merged ids are aliases of the root (one hop: the
-- aliases of an absorbed root are re-pointed). Only ever unites, so a repeat is harmless.
-- KEYS[1] person:<s>  KEYS[2] aliases-of:<s>  KEYS[3] aliases (all alias ids)  KEYS[4] alias:<s>
-- then for each absorbed a: person:<a>, alias:<a>, aliases-of:<a>; then alias:<x> for each
-- alias x of the absorbed leads, as read by the caller.
-- ARGV: s, n, the n absorbed ids, their n alias counts as read, f, then the keys to add.
local s = ARGV[1]
local n = tonumber(ARGV[2])
if redis.call('EXISTS', KEYS[4]) == 1 then return {'retry', s .. ' was merged into another lead meanwhile'} end
for i = 1, n do
  local alias = redis.call('GET', KEYS[4 + (i - 1) * 3 + 2])
  if alias and alias ~= s then return {'retry', ARGV[2 + i] .. ' was merged into ' .. alias .. ' meanwhile'} end
  if not alias and redis.call('SCARD', KEYS[4 + (i - 1) * 3 + 3]) ~= tonumber(ARGV[2 + n + i]) then return {'retry', 'the aliases of ' .. ARGV[2 + i] .. ' changed meanwhile'} end
end
for i = 1, n do
  local a = ARGV[2 + i]
  local person, alias, aliases = KEYS[4 + (i - 1) * 3 + 1], KEYS[4 + (i - 1) * 3 + 2], KEYS[4 + (i - 1) * 3 + 3]
  if not redis.call('GET', alias) then
    redis.call('SUNIONSTORE', KEYS[1], KEYS[1], person)
    redis.call('SUNIONSTORE', KEYS[2], KEYS[2], aliases)
    redis.call('DEL', person, aliases)
    redis.call('SET', alias, s)
    redis.call('SADD', KEYS[2], a)
    redis.call('SADD', KEYS[3], a)
  end
end
local f = tonumber(ARGV[3 + 2 * n])
for i = 1, f do redis.call('SET', KEYS[4 + 3 * n + i], s) end
for i = 4 + 2 * n, #ARGV do redis.call('SADD', KEYS[1], ARGV[i]) end
return {'ok'}
