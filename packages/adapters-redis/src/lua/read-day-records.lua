-- The latest day records, oldest first. KEYS[1] the sorted index of days (all score 0: rank
-- order is day order)  ARGV: how many, the audit hash tag (each `<tag>:day-record:<day>` is
-- built here: same hash tag, same slot as KEYS[1]).
local found = {}
local limit = tonumber(ARGV[1])
if limit < 1 then return found end
for _, day in ipairs(redis.call('ZRANGE', KEYS[1], -limit, -1)) do
  local v = redis.call('GET', ARGV[2] .. ':day-record:' .. day)
  if v then found[#found + 1] = v end
end
return found
