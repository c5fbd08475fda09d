-- Finalises a claim. KEYS[1] ledger json  KEYS[2] ledger meta  KEYS[3] card meta
-- KEYS[4] fence  KEYS[5] epoch  KEYS[6..9] ledger-state sets for sending, sent, failed, unknown
-- KEYS[10..13] card-status sets in the same order  KEYS[14] fences set  KEYS[15] touches set
-- ARGV: epoch, attemptId, target, fenceToken ('' = none), at, outcomeField ('receipt'|'reason'), outcomeValue, ledgerId, cardId,
-- sendTag (the `{p:send}` hash tag every key above starts with)
-- The first touches a failed first step frees are `<sendTag>:touch:<identity key>` for the
-- entry's own lead keys, built here from the entry: declaring them in KEYS would need a read
-- before the script. They share KEYS[1]'s hash tag, so they are in its slot and the script
-- runs unchanged on a cluster (undeclared same-slot keys are allowed there, if discouraged).
-- Answers {verdict, detail} when refused, else {'ok'|'same', ledger json, meta field, value, ...}:
-- the entry as it now is, so the caller needs no read after.
local ORDER = { sending = 0, sent = 1, failed = 2, unknown = 3 }
if ARGV[1] == '' or redis.call('GET', KEYS[5]) ~= ARGV[1] then return {'blocked', 'the epoch marker is missing or changed: the data was flushed or replaced'} end
local body = redis.call('GET', KEYS[1])
if not body then return {'no_claim', 'no claim for ' .. ARGV[8]} end
local entry = cjson.decode(body)
if entry.attemptId ~= ARGV[2] then return {'attempt_mismatch', 'claim belongs to attempt ' .. entry.attemptId} end
local state = redis.call('HGET', KEYS[2], 'state')
-- The entry's body is never rewritten here: the one read above is answered as it is.
local function current(verdict)
  local reply = { verdict, body }
  for _, v in ipairs(redis.call('HGETALL', KEYS[2])) do reply[#reply + 1] = v end
  return reply
end
if state == ARGV[3] then return current('same') end
local legal = (state == 'sending' and (ARGV[3] == 'sent' or ARGV[3] == 'failed' or ARGV[3] == 'unknown')) or (state == 'unknown' and (ARGV[3] == 'sent' or ARGV[3] == 'failed'))
if not legal then return {'illegal_outcome', 'ledger entry is ' .. tostring(state) .. '; cannot become ' .. ARGV[3]} end
if ARGV[4] ~= '' then
  local highest = tonumber(redis.call('GET', KEYS[4]) or '0')
  if tonumber(ARGV[4]) < highest then return {'stale_fence', 'fence ' .. ARGV[4] .. ' is stale'} end
  redis.call('SET', KEYS[4], ARGV[4])
  redis.call('SADD', KEYS[14], KEYS[4])
end
redis.call('HSET', KEYS[2], 'state', ARGV[3], 'finalisedAt', ARGV[5], ARGV[6], ARGV[7])
redis.call('ZREM', KEYS[6 + ORDER[state]], ARGV[8])
redis.call('ZADD', KEYS[6 + ORDER[ARGV[3]]], 0, ARGV[8])
if ARGV[3] == 'failed' and tonumber(entry.step) == 0 then
  for _, identityKey in ipairs(entry.leadKeys) do
    local key = ARGV[10] .. ':touch:' .. identityKey
    local touch = redis.call('GET', key)
    if touch and cjson.decode(touch).cardId == entry.cardId then
      redis.call('DEL', key)
      redis.call('SREM', KEYS[15], key)
    end
  end
end
-- One read of the card's two fields (each call into Redis from a script has a fixed cost).
local card = redis.call('HMGET', KEYS[3], 'status', 'version')
if card[1] or card[2] then
  local cardStatus = card[1]
  local version = tonumber(card[2])
  redis.call('HSET', KEYS[3], 'status', ARGV[3], 'version', version + 1, 'updatedAt', ARGV[5], ARGV[6] == 'receipt' and 'receipt' or 'outcomeReason', ARGV[7])
  if ORDER[cardStatus] then redis.call('ZREM', KEYS[10 + ORDER[cardStatus]], ARGV[9]) end
  redis.call('ZADD', KEYS[10 + ORDER[ARGV[3]]], 0, ARGV[9])
end
return current('ok')
