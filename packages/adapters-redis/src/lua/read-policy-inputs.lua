-- Reads what one card's send policy needs from the send slot, at one moment.
-- KEYS[1] controls  KEYS[2] day counter  KEYS[3] ledger-key index of the previous step's identity key
-- KEYS[4] the day's per-channel counters (a hash, counted by claim-send.lua)
-- KEYS[5 .. 4+s] suppression:<target>  then touch:<key> for each of k keys, then stop:<key> for each
-- ARGV: s, k, sendTag, previous step ('' = none), its channel, '1' when it has a campaign, its campaign
-- The previous step's ledger entries (`<sendTag>:ledger:<id>` and `:meta`) are built here from the
-- index's ids: they share the declared keys' hash tag, so this runs unchanged on a cluster.
-- Answers: controls|'', day count|'', 2c, the per-channel hash as channel, count, ..., s', suppressions..., k', touches..., k'', stops..., previous id|'',
-- then (with an id) its json and its meta as field, value, ...
local s, k = tonumber(ARGV[1]), tonumber(ARGV[2])
local reply = { redis.call('GET', KEYS[1]) or '', redis.call('GET', KEYS[2]) or '' }
local byChannel = redis.call('HGETALL', KEYS[4])
reply[#reply + 1] = #byChannel
for _, v in ipairs(byChannel) do reply[#reply + 1] = v end
local function present(from, count)
  local found = {}
  if count > 0 then
    for _, v in ipairs(redis.call('MGET', unpack(KEYS, from, from + count - 1))) do
      if v then found[#found + 1] = v end
    end
  end
  reply[#reply + 1] = #found
  for _, v in ipairs(found) do reply[#reply + 1] = v end
end
present(5, s)
present(5 + s, k)
present(5 + s + k, k)
if ARGV[4] ~= '' then
  local step = tonumber(ARGV[4])
  for _, id in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
    local body = redis.call('GET', ARGV[3] .. ':ledger:' .. id)
    if body then
      local e = cjson.decode(body)
      local sameCampaign = (ARGV[6] == '1' and e.campaignId == ARGV[7]) or (ARGV[6] ~= '1' and (e.campaignId == nil or e.campaignId == cjson.null))
      if tonumber(e.step) == step and e.channel == ARGV[5] and sameCampaign then
        reply[#reply + 1] = id
        reply[#reply + 1] = body
        for _, v in ipairs(redis.call('HGETALL', ARGV[3] .. ':ledger:' .. id .. ':meta')) do reply[#reply + 1] = v end
        return reply
      end
    end
  end
end
reply[#reply + 1] = ''
return reply
