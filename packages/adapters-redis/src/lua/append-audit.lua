-- Appends one audit entry: its JSON is stored once, in the entries hash under a new
-- sequence number, and the log and each index list get that number (not a copy).
-- KEYS[1] entries hash  KEYS[2] sequence counter  KEYS[3] the log  KEYS[4..] index lists
-- ARGV[1] the entry's JSON
local seq = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], seq, ARGV[1])
for i = 3, #KEYS do redis.call('RPUSH', KEYS[i], seq) end
return seq
