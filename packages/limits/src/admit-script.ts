/**
 * The admit script: every check and every write a request needs, in one atomic EVALSHA.
 *
 * KEYS: 1 key window, 2 tenant window, 3 request record, then per budget i: budget hash, reservation zset.
 * ARGV: 1 nowMs ('' = Redis server clock), 2 requestId, 3 key rpm, 4 key tpm, 5 tenant rpm, 6 tenant tpm
 *       (-1 = unlimited), 7 estimated tokens, 8 reservation pico, 9 reservation ttl ms, 10 record ttl ms,
 *       11 budget count, then per budget i: limit pico, hard ('1'/'0'), expireAt ms (0 = never).
 * Returns: {status, deniedBudgetIndex, nowMs, keyReq, keyTok, tenantReq, tenantTok, spent1, reserved1, ...}
 * with counts after the request was applied (when allowed) and budget figures before this reservation.
 */
export const ADMIT_LUA = `
local now
if ARGV[1] ~= '' then
  now = tonumber(ARGV[1])
else
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local w = math.floor(now / 60000)
local rid = ARGV[2]
local est = tonumber(ARGV[7])
local reserve = ARGV[8]
local nb = tonumber(ARGV[11])

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

-- A window hash only counts for the minute it names; an older minute reads as empty.
local function window(key)
  local v = redis.call('HMGET', key, 'w', 'req', 'tok')
  if tonumber(v[1]) == w then return tonumber(v[2]) or 0, tonumber(v[3]) or 0, true end
  return 0, 0, false
end
local kreq, ktok, kcur = window(KEYS[1])
local treq, ttok, tcur = window(KEYS[2])

local function budget_figures(out, sweep)
  for i = 1, nb do
    local h, z = KEYS[2 + 2 * i], KEYS[3 + 2 * i]
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
if redis.call('EXISTS', KEYS[3]) == 1 then
  return budget_figures({'dup', 0, now, kreq, ktok, treq, ttok}, false)
end

local function over(limit, used, amount)
  limit = tonumber(limit)
  return limit >= 0 and used + amount > limit
end
local status = 'ok'
if over(ARGV[3], kreq, 1) then status = 'key_rpm'
elseif over(ARGV[4], ktok, est) then status = 'key_tpm'
elseif over(ARGV[5], treq, 1) then status = 'tenant_rpm'
elseif over(ARGV[6], ttok, est) then status = 'tenant_tpm' end

local figures = budget_figures({}, true)
local denied = 0
if status == 'ok' then
  local r = big(reserve)
  for i = 1, nb do
    if ARGV[10 + 3 * i] == '1' then
      local total = add(add(big(figures[2 * i - 1]), big(figures[2 * i])), r)
      if gt(total, big(ARGV[9 + 3 * i])) then denied = i; status = 'budget'; break end
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
  bump(KEYS[1], kcur)
  bump(KEYS[2], tcur)
  kreq, ktok, treq, ttok = kreq + 1, ktok + est, treq + 1, ttok + est
  if reserve ~= '0' then
    local expiry = now + tonumber(ARGV[9])
    for i = 1, nb do
      if ARGV[10 + 3 * i] == '1' then
        local h, z = KEYS[2 + 2 * i], KEYS[3 + 2 * i]
        redis.call('HSET', h, 'r:' .. rid, reserve)
        redis.call('HINCRBY', h, 'reserved', reserve)
        redis.call('ZADD', z, expiry, rid)
        local exp = tonumber(ARGV[11 + 3 * i])
        if exp > 0 then
          redis.call('PEXPIREAT', h, exp)
          redis.call('PEXPIREAT', z, exp)
        end
      end
    end
  end
  redis.call('HSET', KEYS[3], 'w', w, 'est', est)
  redis.call('PEXPIRE', KEYS[3], ARGV[10])
end

local out = {status, denied, now, kreq, ktok, treq, ttok}
for _, v in ipairs(figures) do out[#out + 1] = v end
return out
`;
