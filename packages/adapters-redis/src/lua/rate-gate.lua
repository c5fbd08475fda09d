-- One try at a shared rate gate: a sliding window log of request starts on the server's
-- clock (so instances with skewed clocks still agree), the same computation as core's
-- slidingWindowWait. Returns 0 when the request may start (and counts it) or how many
-- milliseconds to wait before trying again.
-- KEYS[1] the gate's sorted set (member: a unique start id, score: start in ms)
-- ARGV[1] the start id, then pairs: limit, windowMs (margin already added)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local longest = 0
local wait = 0
for i = 2, #ARGV, 2 do
  local limit = tonumber(ARGV[i])
  local window = tonumber(ARGV[i + 1])
  if window > longest then longest = window end
  local count = redis.call('ZCOUNT', KEYS[1], '(' .. (now - window), '+inf')
  if count >= limit then
    -- The oldest starts must leave the window until fewer than `limit` remain.
    local oldest = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. (now - window), '+inf', 'WITHSCORES', 'LIMIT', count - limit, 1)
    local w = tonumber(oldest[2]) + window - now
    if w > wait then wait = w end
  end
end
if wait > 0 then return wait end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - longest)
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], longest + 1000)
return 0
