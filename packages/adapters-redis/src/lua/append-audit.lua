-- Appends one audit entry (append_audit: lib/append-audit.lua).
-- KEYS[1] entries hash  KEYS[2] sequence counter  KEYS[3] the log  KEYS[4..] index lists
-- ARGV[1] the entry's JSON
return append_audit(KEYS[1], KEYS[2], 3, ARGV[1])
