/**
 * The gateway caches API keys and tenant state (memory + Redis). These are the only messages that
 * tell it something changed; every service that mutates cached state calls one of them after its
 * transaction commits, so a replica can never re-read the old row after being told to drop it.
 */
export interface InvalidationRedis {
  del(key: string): Promise<number>;
  publish(channel: string, message: string): Promise<number>;
  set(key: string, value: string, mode: "EX", seconds: number): Promise<unknown>;
}

/** Gateways treat Redis copies of a tenant's keys older than this marker as stale (even with no gateway listening). */
export const TENANT_INVALIDATION_MARKER_PREFIX = "sb:tenant-inval:";

export const API_KEY_CACHE_PREFIX = "sb:apikey:";
export const API_KEY_INVALIDATE_CHANNEL = "sb:apikey:invalidate";
export const TENANT_INVALIDATE_CHANNEL = "sb:tenant:invalidate";

export async function invalidateApiKey(redis: InvalidationRedis | undefined, keyHash: string): Promise<void> {
  if (!redis) return;
  await redis.del(`${API_KEY_CACHE_PREFIX}${keyHash}`);
  await redis.publish(API_KEY_INVALIDATE_CHANNEL, keyHash);
}

export async function invalidateTenant(redis: InvalidationRedis | undefined, tenantId: string): Promise<void> {
  if (!redis) return;
  await redis.set(`${TENANT_INVALIDATION_MARKER_PREFIX}${tenantId}`, String(Date.now()), "EX", 3600);
  await redis.publish(TENANT_INVALIDATE_CHANNEL, tenantId);
}
