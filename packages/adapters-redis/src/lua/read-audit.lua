-- Reads a range of an audit list (the log or an index) as entry JSONs, in list order.
-- A list item is a sequence number into the entries hash, or (written before entries
-- were stored once) the entry's JSON itself. A number without an entry answers '' (the
-- caller reports the store corrupt).
-- KEYS[1] the list  KEYS[2] entries hash  ARGV[1] start  ARGV[2] stop (LRANGE indexes)
local refs = redis.call('LRANGE', KEYS[1], ARGV[1], ARGV[2])
local out = {}
for i, ref in ipairs(refs) do
  if string.sub(ref, 1, 1) == '{' then out[i] = ref else out[i] = redis.call('HGET', KEYS[2], ref) or '' end
end
return out
