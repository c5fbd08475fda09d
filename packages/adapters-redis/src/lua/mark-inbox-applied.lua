-- Marks a webhook event applied (out of pending, its apply claim dropped) and, if given,
-- appends the event's closing audit entry in the same step (append_audit:
-- lib/append-audit.lua), so the mark and the entry never exist one without the other.
-- KEYS[1] inbox:pending  KEYS[2] inbox claim:<eventId>  KEYS[3] audit entries hash
-- KEYS[4] audit sequence  KEYS[5..] the audit log and the entry's index lists
-- ARGV[1] eventId  ARGV[2] the audit entry's JSON ('' = none)
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
if ARGV[2] ~= '' then append_audit(KEYS[3], KEYS[4], 5, ARGV[2]) end
return 1
