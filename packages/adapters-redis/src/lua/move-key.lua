-- Moves a key to a new name: an erasure's scrub renames every key whose name holds a
-- personal value (the new name keeps the hash tag, so the same slot). Unlike RENAME:
--  * a key already gone is left alone (another run of the same erasure moved it first:
--    an instance resuming it at its reconnection), and answers 0;
--  * when the new name exists (an earlier erasure of the person made it, and records
--    about them arrived under the old name since), the two are united instead of the
--    moved key replacing what is there: list items appended (the moved ones are newer),
--    set members added, sorted-set members added (a member in both keeps the higher
--    score), hash fields added (the moved key's value wins). A string is one record: the
--    moved one, newer, replaces it, as RENAME does.
-- KEYS[1] the key  KEYS[2] its new name. Answers 1 when it moved something.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local kind = redis.call('TYPE', KEYS[1])['ok']
if redis.call('EXISTS', KEYS[2]) == 0 or kind == 'string' then
  redis.call('RENAME', KEYS[1], KEYS[2])
  return 1
end
if redis.call('TYPE', KEYS[2])['ok'] ~= kind then
  return redis.error_reply('move-key: ' .. KEYS[2] .. ' holds another type than ' .. KEYS[1])
end
-- In chunks: unpack() of a very long table exceeds Lua's stack.
local function each_chunk(items, size, apply)
  for from = 1, #items, size do apply(unpack(items, from, math.min(from + size - 1, #items))) end
end
if kind == 'list' then
  each_chunk(redis.call('LRANGE', KEYS[1], 0, -1), 1000, function(...) redis.call('RPUSH', KEYS[2], ...) end)
elseif kind == 'set' then
  redis.call('SUNIONSTORE', KEYS[2], KEYS[2], KEYS[1])
elseif kind == 'zset' then
  redis.call('ZUNIONSTORE', KEYS[2], 2, KEYS[2], KEYS[1], 'AGGREGATE', 'MAX')
elseif kind == 'hash' then
  each_chunk(redis.call('HGETALL', KEYS[1]), 1000, function(...) redis.call('HSET', KEYS[2], ...) end)
else
  return redis.error_reply('move-key: cannot unite keys of type ' .. kind)
end
redis.call('DEL', KEYS[1])
return 1
