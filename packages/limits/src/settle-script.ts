/**
 * The settle script, for a batch of requests of one tenant in one call: per request, release the
 * reservation, charge the exact cost, correct TPM; once per request id. Settles of one tick go to Redis
 * together (one round trip, one script run), in order, so the result equals settling them one by one.
 *
 * KEYS: every distinct key the batch touches, once (requests of one key share windows and spend hashes).
 * ARGV: 1 settled-marker ttl ms, 2 request count, then per request:
 *         requestId, cost pico, actual tokens,
 *         index of: key window, tenant window, request record, settled marker,
 *         budget count nb, then per budget: index of budget hash, index of reservation zset, expireAt ms (0 = never),
 *         spend count ns, then per spend target: index of spend hash, expireAt ms.
 * Returns one 1 (applied) or 0 (this request id was already settled) per request.
 */
export const SETTLE_LUA = `
local ttl = ARGV[1]
local n = tonumber(ARGV[2])
local p = 3
local out = {}
for r = 1, n do
  local rid, cost, tokens = ARGV[p], ARGV[p + 1], ARGV[p + 2]
  local kwin, twin, kreq, kdone = KEYS[tonumber(ARGV[p + 3])], KEYS[tonumber(ARGV[p + 4])], KEYS[tonumber(ARGV[p + 5])], KEYS[tonumber(ARGV[p + 6])]
  local nb = tonumber(ARGV[p + 7])
  local bp = p + 8
  local ns = tonumber(ARGV[bp + 3 * nb])
  local sp = bp + 3 * nb + 1
  p = sp + 2 * ns
  if not redis.call('SET', kdone, '1', 'NX', 'PX', ttl) then
    out[r] = 0
  else
    -- TPM was charged the estimate at admission; move it to the actual count in that same minute.
    -- If that minute's window is gone or was replaced, the correction no longer matters.
    local rec = redis.call('HMGET', kreq, 'w', 'est')
    if rec[1] then
      local delta = tonumber(tokens) - tonumber(rec[2])
      if delta ~= 0 then
        if redis.call('HGET', kwin, 'w') == rec[1] then redis.call('HINCRBY', kwin, 'tok', delta) end
        if redis.call('HGET', twin, 'w') == rec[1] then redis.call('HINCRBY', twin, 'tok', delta) end
      end
    end
    local field = 'r:' .. rid
    for i = 0, nb - 1 do
      local h, z = KEYS[tonumber(ARGV[bp + 3 * i])], KEYS[tonumber(ARGV[bp + 3 * i + 1])]
      local amt = redis.call('HGET', h, field)
      if amt then
        redis.call('HINCRBY', h, 'reserved', '-' .. amt)
        redis.call('HDEL', h, field)
      end
      redis.call('ZREM', z, rid)
      if cost ~= '0' then
        redis.call('HINCRBY', h, 'spent', cost)
        local exp = tonumber(ARGV[bp + 3 * i + 2])
        if exp > 0 then redis.call('PEXPIREAT', h, exp) end
      end
    end
    for j = 0, ns - 1 do
      local k = KEYS[tonumber(ARGV[sp + 2 * j])]
      redis.call('HINCRBY', k, 'pico', cost)
      redis.call('HINCRBY', k, 'tokens', tokens)
      -- The expiry only needs setting when the first request of the period creates the hash.
      if redis.call('HINCRBY', k, 'requests', 1) == 1 then
        local exp = tonumber(ARGV[sp + 2 * j + 1])
        if exp > 0 then redis.call('PEXPIREAT', k, exp) end
      end
    end
    out[r] = 1
  end
end
return out
`;
