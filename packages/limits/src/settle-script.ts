/**
 * The settle script: release the reservation, charge the exact cost, correct TPM; once per request id.
 *
 * KEYS: 1 key window, 2 tenant window, 3 request record, 4 settled marker, then per budget i: budget hash,
 *       reservation zset, then per spend target j: spend hash.
 * ARGV: 1 requestId, 2 cost pico, 3 actual tokens, 4 settled-marker ttl ms, 5 budget count, 6 spend count,
 *       then per budget: expireAt ms (0 = never), then per spend target: expireAt ms.
 * Returns 1 when applied, 0 when this request id was already settled.
 */
export const SETTLE_LUA = `
if not redis.call('SET', KEYS[4], '1', 'NX', 'PX', ARGV[4]) then return 0 end
local rid, cost, tokens = ARGV[1], ARGV[2], ARGV[3]
local nb, ns = tonumber(ARGV[5]), tonumber(ARGV[6])

-- TPM was charged the estimate at admission; move it to the actual count in that same minute.
-- If that minute's window is gone or was replaced, the correction no longer matters.
local rec = redis.call('HMGET', KEYS[3], 'w', 'est')
if rec[1] then
  local delta = tonumber(tokens) - tonumber(rec[2])
  if delta ~= 0 then
    for k = 1, 2 do
      if redis.call('HGET', KEYS[k], 'w') == rec[1] then redis.call('HINCRBY', KEYS[k], 'tok', delta) end
    end
  end
end

local field = 'r:' .. rid
for i = 1, nb do
  local h, z = KEYS[3 + 2 * i], KEYS[4 + 2 * i]
  local amt = redis.call('HGET', h, field)
  if amt then
    redis.call('HINCRBY', h, 'reserved', '-' .. amt)
    redis.call('HDEL', h, field)
  end
  redis.call('ZREM', z, rid)
  if cost ~= '0' then
    redis.call('HINCRBY', h, 'spent', cost)
    local exp = tonumber(ARGV[6 + i])
    if exp > 0 then redis.call('PEXPIREAT', h, exp) end
  end
end

for j = 1, ns do
  local k = KEYS[4 + 2 * nb + j]
  redis.call('HINCRBY', k, 'pico', cost)
  redis.call('HINCRBY', k, 'tokens', tokens)
  -- The expiry only needs setting when the first request of the period creates the hash.
  if redis.call('HINCRBY', k, 'requests', 1) == 1 then
    local exp = tonumber(ARGV[6 + nb + j])
    if exp > 0 then redis.call('PEXPIREAT', k, exp) end
  end
end
return 1
`;
