import { Redis, type RedisOptions } from "ioredis";

/** Anything a caller may hand us to reach Redis: a URL, ioredis options, or a live client. */
export type RedisConnectionInput = string | RedisOptions | Redis;

/**
 * A connection for BullMQ workers: blocking commands need `maxRetriesPerRequest: null`, or ioredis
 * gives up on a long BRPOPLPUSH/BZPOPMIN and the worker stops fetching.
 */
export function createWorkerConnection(input: RedisConnectionInput): Redis {
  if (input instanceof Redis) return input;
  const base: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: true };
  return typeof input === "string" ? new Redis(input, base) : new Redis({ ...input, ...base });
}

/**
 * A connection for producers on a request path: with the offline queue off, a command while Redis is
 * down fails at once instead of piling up in memory, so the caller can buffer and retry on its terms.
 */
export function createProducerConnection(input: RedisConnectionInput): Redis {
  if (input instanceof Redis) return input;
  const base: RedisOptions = { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 };
  return typeof input === "string" ? new Redis(input, base) : new Redis({ ...input, ...base });
}
