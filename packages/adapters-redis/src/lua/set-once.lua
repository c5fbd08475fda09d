-- A record whose first write wins, and its listing: KEYS[1] the record, KEYS[2] the set
-- that lists it; ARGV[1] its JSON, ARGV[2] its member in the set. One script call instead
-- of a MULTI of two commands (four commands and a pipeline on the client).
redis.call('SET', KEYS[1], ARGV[1], 'NX')
redis.call('SADD', KEYS[2], ARGV[2])
return 1
