import type { IncomingHttpHeaders } from "node:http";
import type { Redis } from "ioredis";
import type { ChatCompletion } from "@switchboard/spec";
import { GatewayError } from "../http/errors.js";

export interface CacheDecision {
  /** Look up and store under this TTL; null = caching off for this request. */
  ttlSeconds: number | null;
}

const MAX_TTL = 30 * 24 * 3600;

/**
 * Opt-in: the request header `x-switchboard-cache: <ttl seconds>` (or `on`), else the route's setting,
 * else the API key's setting, else off. `Cache-Control: no-store` or `x-switchboard-cache: no-store` always bypasses.
 */
export function cacheDecision(headers: IncomingHttpHeaders, route: { enabled: boolean; ttl_seconds: number } | undefined, keyTtlSeconds: number | null = null): CacheDecision {
  const header = headers["x-switchboard-cache"];
  const cc = headers["cache-control"];
  if ((typeof cc === "string" && cc.includes("no-store")) || header === "no-store" || header === "off") return { ttlSeconds: null };
  if (typeof header === "string") {
    if (header === "on") return { ttlSeconds: route?.ttl_seconds ?? 300 };
    const ttl = Number(header);
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL) {
      throw new GatewayError(400, `x-switchboard-cache must be 'on', 'no-store' or a TTL in seconds (1–${MAX_TTL}).`, "invalid_request_error", "invalid_cache_header", "x-switchboard-cache");
    }
    return { ttlSeconds: ttl };
  }
  if (route?.enabled) return { ttlSeconds: route.ttl_seconds };
  return { ttlSeconds: keyTtlSeconds && keyTtlSeconds > 0 ? keyTtlSeconds : null };
}

/** Exact-match response cache in Redis. Failures degrade to a miss: the cache never breaks a request. */
export class ResponseCache {
  constructor(private readonly redis: Redis) {}

  async get(key: string): Promise<ChatCompletion | null> {
    try {
      const v = await this.redis.get(key);
      return v ? (JSON.parse(v) as ChatCompletion) : null;
    } catch {
      return null;
    }
  }

  async set(key: string, value: ChatCompletion, ttlSeconds: number): Promise<void> {
    await this.redis.set(key, JSON.stringify(value), "EX", ttlSeconds).catch(() => {});
  }
}
