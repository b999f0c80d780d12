import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";

/**
 * Test-only helper (not exported from the package): connections to the real Redis that
 * packages/testing's global setup starts, and a key prefix unique to the calling test file.
 */
export function testRedisUrl(): string {
  const url = process.env.SB_TEST_REDIS_URL;
  if (url === undefined || url === "") throw new Error("SB_TEST_REDIS_URL is not set: run tests through the workspace vitest config");
  return url;
}

export function connectTestRedis(): Redis {
  return new Redis(testRedisUrl(), { maxRetriesPerRequest: 1, lazyConnect: false });
}

export function uniquePrefix(label: string): string {
  return `test:${label}:${randomUUID().slice(0, 8)}:`;
}

/** Deletes every key under a prefix (SCAN, never KEYS) so test files leave Redis as they found it. */
export async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    if (batch.length > 0) await redis.unlink(...batch);
  } while (cursor !== "0");
}
