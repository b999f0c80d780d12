import "server-only";
import { Redis } from "ioredis";
import { env } from "@/env";

const g = globalThis as unknown as { sbRedis?: Redis };

/**
 * Shared connection for invalidation publishes and auth rate limits. Commands fail fast when
 * Redis is down instead of queueing forever, so a page degrades rather than hangs.
 */
export function redis(): Redis {
  g.sbRedis ??= new Redis(env().REDIS_URL, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
  return g.sbRedis;
}
