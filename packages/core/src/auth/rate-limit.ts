/**
 * Fixed-window limiter for auth endpoints (sign-in, sign-up, reset mails) per client IP.
 * INCR then EXPIRE only on the first hit: the window is anchored at the first attempt.
 */
export interface RateLimitRedis {
  incr(key: string): Promise<number>;
  pexpire(key: string, ms: number): Promise<number>;
  pttl(key: string): Promise<number>;
}

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  retryAfterMs: number;
}

export async function hitRateLimit(redis: RateLimitRedis, key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
  const full = `sb:ratelimit:${key}`;
  const count = await redis.incr(full);
  if (count === 1) await redis.pexpire(full, windowMs);
  const allowed = count <= limit;
  const retryAfterMs = allowed ? 0 : Math.max(0, await redis.pttl(full));
  return { allowed, remaining: Math.max(0, limit - count), retryAfterMs };
}
