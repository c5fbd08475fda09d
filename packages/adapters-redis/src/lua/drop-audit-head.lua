-- Audit archival: removes entries from the head of the log while each head is exactly
-- the entry the caller archived, and removes each from its index lists.
-- KEYS[1] the log, then each entry's index lists in order (ARGV says how many per entry)
-- ARGV pairs: the entry's JSON as stored, how many index keys follow for it
local k = 2
local removed = 0
for i = 1, #ARGV, 2 do
  if redis.call('LINDEX', KEYS[1], 0) ~= ARGV[i] then break end
  redis.call('LPOP', KEYS[1])
  for j = 1, tonumber(ARGV[i + 1]) do
    redis.call('LREM', KEYS[k], 1, ARGV[i])
    k = k + 1
  end
  removed = removed + 1
end
return removed
