/**
 * Spawned by redis-limiter.test.ts as a separate OS process, standing in for another gateway replica:
 * fires ADMITS concurrent admits at the same key (over CONNS connections) and prints how many were allowed.
 */
import { createRedisLimiter } from "./redis-limiter.js";
import { connectTestRedis } from "./test-redis.js";

const prefix = process.env.LIMITS_PREFIX ?? "";
const admits = Number(process.env.ADMITS ?? "0");
const conns = Number(process.env.CONNS ?? "1");
const startAt = Number(process.env.START_AT ?? "0");
const nowMs = Number(process.env.NOW_MS ?? "0");
const label = process.env.LABEL ?? "child";

const clients = Array.from({ length: conns }, () => connectTestRedis());
const limiters = clients.map((redis) => createRedisLimiter({ redis, prefix }));
await Promise.all(clients.map((c) => c.ping()));
await new Promise((r) => setTimeout(r, Math.max(0, startAt - Date.now())));
const results = await Promise.all(
  Array.from({ length: admits }, (_, i) =>
    limiters[i % conns]!.admit({
      tenantId: "t1",
      keyId: "k1",
      requestId: `${label}-${i}`,
      keyLimits: { rpm: 100, tpm: null },
      tenantLimits: { rpm: null, tpm: null },
      estimatedTokens: 1,
      reservePico: 0,
      budgets: [],
      nowMs,
    }),
  ),
);
process.stdout.write(`${JSON.stringify({ allowed: results.filter((r) => r.allowed).length })}\n`);
await Promise.all(clients.map((c) => c.quit()));
