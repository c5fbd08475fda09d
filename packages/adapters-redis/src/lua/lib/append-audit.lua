-- Prepended to every script that appends an audit entry (see lua-scripts.ts).
-- Stores the entry's JSON once, in the entries hash under a new sequence number, and
-- appends that number (not a copy) to KEYS[lists_from..lists_to]: the log and the entry's
-- indexes (lists_to: the last KEYS when not given; a script appending several entries
-- gives each its own range).
local function append_audit(entries, sequence, lists_from, json, lists_to)
  local seq = redis.call('INCR', sequence)
  redis.call('HSET', entries, seq, json)
  for i = lists_from, lists_to or #KEYS do redis.call('RPUSH', KEYS[i], seq) end
  return seq
end
