-- Marks webhook events applied in one atomic step, in the order given: each out of
-- pending, its apply claim dropped, its closing audit entry, if any, appended (append_audit,
-- lib/append-audit.lua). One event's mark is a batch of one (markInboxApplied).
-- KEYS[1] inbox:pending  KEYS[2] audit entries hash  KEYS[3] audit sequence
-- then per mark: inbox claim:<eventId>, then its entry's lists (the audit log and the entry's indexes)
-- ARGV: per mark: eventId, the audit entry's JSON ('' = none), number of its lists
local k = 4
for a = 1, #ARGV, 3 do
  local id, entry, lists = ARGV[a], ARGV[a + 1], tonumber(ARGV[a + 2])
  redis.call('ZREM', KEYS[1], id)
  redis.call('DEL', KEYS[k])
  if entry ~= '' then append_audit(KEYS[2], KEYS[3], k + 1, entry, k + lists) end
  k = k + 1 + lists
end
return 1
