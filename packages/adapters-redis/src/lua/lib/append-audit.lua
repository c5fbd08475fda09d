-- Prepended to every script that appends an audit entry (see lua-scripts.ts).
-- Stores the entry's JSON once, in the entries hash under a new sequence number, and
-- appends that number (not a copy) to KEYS[lists_from..]: the log and the entry's indexes.
local function append_audit(entries, sequence, lists_from, json)
  local seq = redis.call('INCR', sequence)
  redis.call('HSET', entries, seq, json)
  for i = lists_from, #KEYS do redis.call('RPUSH', KEYS[i], seq) end
  return seq
end
