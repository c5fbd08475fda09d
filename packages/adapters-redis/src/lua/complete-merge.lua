-- Clears a merge's intent once the send slot holds it: each named field of merges-pending
-- is removed only while it still holds this intent (a later merge of the same lead
-- recorded its own, which stays until that one is applied).
-- KEYS[1] merges-pending  ARGV: the intent's JSON, then the lead ids it was recorded under
local done = 0
for i = 2, #ARGV do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[1] then
    redis.call('HDEL', KEYS[1], ARGV[i])
    done = done + 1
  end
end
return done
