-- KEYS[1] inbox claim:<eventId>   ARGV[1] holder
-- Drops the claim only if this holder still holds it (compare-and-delete).
local held = redis.call('GET', KEYS[1])
if held and string.sub(held, string.find(held, '|', 1, true) + 1) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
