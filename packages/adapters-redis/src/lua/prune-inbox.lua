-- KEYS[1] inbox:expiry (score: end of retention, ms)  KEYS[2] inbox:pending  KEYS[3] inbox:all
-- KEYS[4..] for each candidate: its event record, then its claim
-- ARGV: nowMs, then the candidate ids (in KEYS order)
-- Forgets events whose retention ended: record, claim and every index entry. The score is
-- read again here, so an id recorded anew since the candidates were listed is kept.
local pruned = 0
for i = 2, #ARGV do
  local id = ARGV[i]
  local score = redis.call('ZSCORE', KEYS[1], id)
  if score and tonumber(score) <= tonumber(ARGV[1]) then
    redis.call('DEL', KEYS[2 + 2 * (i - 1)], KEYS[3 + 2 * (i - 1)])
    redis.call('ZREM', KEYS[1], id)
    redis.call('ZREM', KEYS[2], id)
    redis.call('ZREM', KEYS[3], id)
    pruned = pruned + 1
  end
end
return pruned
