-- Compare-and-set of the controls record on its version (0 = never written).
local current = redis.call('GET', KEYS[1])
local version = 0
if current then version = tonumber(cjson.decode(current).version) end
if version ~= tonumber(ARGV[1]) then return {'conflict', tostring(version)} end
redis.call('SET', KEYS[1], ARGV[2])
return {'ok'}
