-- Audit archival: removes entries from the head of the log while each head is exactly
-- the entry the caller archived, removes them from their index lists, then forgets them.
-- KEYS[1] the log  KEYS[2] entries hash, then each entry's index lists in order
-- ARGV pairs: the entry's JSON as stored, how many index keys follow for it
local k = 3
local removed = 0
for i = 1, #ARGV, 2 do
  local ref = redis.call('LINDEX', KEYS[1], 0)
  if not ref then break end
  local inline = string.sub(ref, 1, 1) == '{'
  local json = inline and ref or redis.call('HGET', KEYS[2], ref)
  if json ~= ARGV[i] then break end
  redis.call('LPOP', KEYS[1])
  for j = 1, tonumber(ARGV[i + 1]) do
    redis.call('LREM', KEYS[k], 1, ref)
    k = k + 1
  end
  if not inline then redis.call('HDEL', KEYS[2], ref) end
  removed = removed + 1
end
return removed
