-- Removes one do-not-contact entry and its index member; returns the entry (nil if none).
-- KEYS[1] suppression:<target>  KEYS[2] suppressions (index)  ARGV[1] target
local value = redis.call('GET', KEYS[1])
if value then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[2], ARGV[1])
end
return value
