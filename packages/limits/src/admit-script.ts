/**
 * The admit script: every check and every write a request needs, atomically. Admits of one tick go to
 * Redis together, one call per tenant (as settles do): one round trip and one script run for many
 * requests, applied in order, so the result equals admitting them one by one.
 *
 * KEYS: every distinct key the batch touches, once (requests of one key share its windows and budgets).
 * ARGV: 1 request count, then per request (14 values, then 5 per budget):
 *         nowMs ('' = Redis server clock), requestId, key rpm, key tpm, tenant rpm, tenant tpm (-1 = unlimited),
 *         estimated tokens, reservation pico, reservation ttl ms, record ttl ms,
 *         index in KEYS of: key window, tenant window, request record,
 *         budget count nb, then per budget: index of budget hash, index of reservation zset,
 *         limit pico, hard ('1'/'0'), expireAt ms (0 = never).
 * Returns one reply per request: {status, deniedBudgetIndex, nowMs, keyReq, keyTok, tenantReq, tenantTok,
 * spent1, reserved1, ...} with counts after the request was applied (when allowed) and budget figures
 * before its reservation.
 */

export const ADMIT_LUA = `
local server_now
local function clock()
  if not server_now then
    local t = redis.call('TIME')
    server_now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  end
  return server_now
end

-- Lua numbers are doubles, exact only to 2^53 picodollars (~$9,007), so money comparisons split
-- each 64-bit decimal counter into a high and a low limb of 9 digits.
local function big(s)
  if not s or s == '' or string.sub(s, 1, 1) == '-' then return {0, 0} end
  local n = #s
  if n <= 9 then return {0, tonumber(s)} end
  return {tonumber(string.sub(s, 1, n - 9)), tonumber(string.sub(s, n - 8))}
end
local function add(a, b)
  local lo, hi = a[2] + b[2], a[1] + b[1]
  if lo >= 1000000000 then lo = lo - 1000000000; hi = hi + 1 end
  return {hi, lo}
end
local function gt(a, b) return a[1] > b[1] or (a[1] == b[1] and a[2] > b[2]) end
local function over(limit, used, amount)
  limit = tonumber(limit)
  return limit >= 0 and used + amount > limit
end

-- One request; its arguments start at ARGV[p], its budgets' at ARGV[b].
local function admit_one(p, b)
  local A = ARGV
  local now = A[p] ~= '' and tonumber(A[p]) or clock()
  local w = math.floor(now / 60000)
  local rid = A[p + 1]
  local est = tonumber(A[p + 6])
  local reserve = A[p + 7]
  local kwin, twin, record = KEYS[tonumber(A[p + 10])], KEYS[tonumber(A[p + 11])], KEYS[tonumber(A[p + 12])]
  local nb = tonumber(A[p + 13])
  local function hash_of(i) return KEYS[tonumber(A[b + 5 * i - 5])] end
  local function zset_of(i) return KEYS[tonumber(A[b + 5 * i - 4])] end
  local function limit_of(i) return A[b + 5 * i - 3] end
  local function hard(i) return A[b + 5 * i - 2] == '1' end
  local function expire_of(i) return tonumber(A[b + 5 * i - 1]) end

  -- A window hash only counts for the minute it names; an older minute reads as empty.
  local function window(key)
    local v = redis.call('HMGET', key, 'w', 'req', 'tok')
    if tonumber(v[1]) == w then return tonumber(v[2]) or 0, tonumber(v[3]) or 0, true end
    return 0, 0, false
  end
  local kreq, ktok, kcur = window(kwin)
  local treq, ttok, tcur = window(twin)

  local function budget_figures(out, sweep)
    for i = 1, nb do
      local h, z = hash_of(i), zset_of(i)
      if sweep then
        -- Reservations of crashed or stuck requests expire here, bounded per call to keep the script short.
        local expired = redis.call('ZRANGEBYSCORE', z, '-inf', now, 'LIMIT', 0, 100)
        for _, id in ipairs(expired) do
          local amt = redis.call('HGET', h, 'r:' .. id)
          if amt then
            redis.call('HINCRBY', h, 'reserved', '-' .. amt)
            redis.call('HDEL', h, 'r:' .. id)
          end
        end
        if #expired > 0 then redis.call('ZREM', z, unpack(expired)) end
      end
      local v = redis.call('HMGET', h, 'spent', 'reserved')
      out[#out + 1] = v[1] or '0'
      out[#out + 1] = v[2] or '0'
    end
    return out
  end

  -- A retried admit for an already admitted request changes nothing.
  if redis.call('EXISTS', record) == 1 then
    return budget_figures({'dup', 0, now, kreq, ktok, treq, ttok}, false)
  end

  local status = 'ok'
  if over(A[p + 2], kreq, 1) then status = 'key_rpm'
  elseif over(A[p + 3], ktok, est) then status = 'key_tpm'
  elseif over(A[p + 4], treq, 1) then status = 'tenant_rpm'
  elseif over(A[p + 5], ttok, est) then status = 'tenant_tpm' end

  local figures = budget_figures({}, true)
  local denied = 0
  if status == 'ok' then
    local r = big(reserve)
    for i = 1, nb do
      if hard(i) then
        local total = add(add(big(figures[2 * i - 1]), big(figures[2 * i])), r)
        if gt(total, big(limit_of(i))) then denied = i; status = 'budget'; break end
      end
    end
  end

  if status == 'ok' then
    local function bump(key, current)
      if current then
        redis.call('HINCRBY', key, 'req', 1)
        redis.call('HINCRBY', key, 'tok', est)
      else
        redis.call('HSET', key, 'w', w, 'req', 1, 'tok', est)
      end
      -- Kept one extra minute so settle can still correct the tokens of a request that ran long.
      redis.call('PEXPIRE', key, 120000)
    end
    bump(kwin, kcur)
    bump(twin, tcur)
    kreq, ktok, treq, ttok = kreq + 1, ktok + est, treq + 1, ttok + est
    if reserve ~= '0' then
      local expiry = now + tonumber(A[p + 8])
      for i = 1, nb do
        if hard(i) then
          local h, z = hash_of(i), zset_of(i)
          redis.call('HSET', h, 'r:' .. rid, reserve)
          redis.call('HINCRBY', h, 'reserved', reserve)
          redis.call('ZADD', z, expiry, rid)
          local exp = expire_of(i)
          if exp > 0 then
            redis.call('PEXPIREAT', h, exp)
            redis.call('PEXPIREAT', z, exp)
          end
        end
      end
    end
    redis.call('HSET', record, 'w', w, 'est', est)
    redis.call('PEXPIRE', record, A[p + 9])
  end

  local out = {status, denied, now, kreq, ktok, treq, ttok}
  for _, v in ipairs(figures) do out[#out + 1] = v end
  return out
end

local n = tonumber(ARGV[1])
local p = 2
local replies = {}
for r = 1, n do
  local nb = tonumber(ARGV[p + 13])
  replies[r] = admit_one(p, p + 14)
  p = p + 14 + 5 * nb
end
return replies
`;
