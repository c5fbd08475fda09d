-- Appends one audit entry to the log and to each of its index lists (same slot).
for i = 1, #KEYS do redis.call('RPUSH', KEYS[i], ARGV[1]) end
return 1
