import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFailoverLimiter, LimiterUnavailableError } from "./failover-limiter.js";
import { createLocalLimiter } from "./local-limiter.js";
import { createRedisLimiter } from "./redis-limiter.js";
import { connectTestRedis, deleteByPrefix, testRedisUrl, uniquePrefix } from "./test-redis.js";
import type { AdmitInput, BudgetInput } from "./types.js";

const prefix = uniquePrefix("limits-failover");
const T0 = Date.UTC(2026, 10, 21, 12, 0, 30);
const budgets: BudgetInput[] = [{ id: "b", limitPico: 1000n, period: "monthly", mode: "hard" }];
let redis: Redis;
let seq = 0;

function input(): AdmitInput {
  seq += 1;
  return {
    tenantId: "t",
    keyId: "k",
    requestId: `r${seq}`,
    keyLimits: { rpm: null, tpm: null },
    tenantLimits: { rpm: null, tpm: null },
    estimatedTokens: 1,
    reservePico: 300n,
    budgets,
    nowMs: T0,
  };
}
const settleOf = (i: AdmitInput, costPico: bigint) => ({ tenantId: i.tenantId, keyId: i.keyId, requestId: i.requestId, costPico, actualTokens: 1, budgets, nowMs: T0 });

beforeAll(async () => {
  // The settings a gateway should use: fail fast instead of queueing commands while disconnected.
  redis = new Redis(testRedisUrl(), { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true });
  await redis.connect();
});

afterAll(async () => {
  const cleanup = connectTestRedis();
  await deleteByPrefix(cleanup, prefix);
  await cleanup.quit();
  redis.disconnect();
});

describe("createFailoverLimiter", () => {
  it("falls back to local limits on a real Redis outage, fails closed after the window, replays settles on recovery", async () => {
    let clock = 1_000_000;
    const states: string[] = [];
    const limiter = createFailoverLimiter({
      primary: createRedisLimiter({ redis, prefix }),
      fallback: createLocalLimiter(),
      maxDegradedMs: 10_000,
      probeIntervalMs: 1_000,
      now: () => clock,
      onStateChange: (s) => states.push(s),
    });

    const a = input();
    expect(await limiter.admit(a)).toMatchObject({ allowed: true, source: "redis" });
    await limiter.settle(settleOf(a, 500n)); // Redis: spent 500 of 1000

    redis.disconnect();
    const b = input();
    // The local mirror saw a's reservation (300) and its settled cost (500): fail-safe, 300 more would exceed 1000.
    expect(await limiter.admit(b)).toMatchObject({ allowed: false, source: "local", denial: { kind: "budget" } });
    expect(limiter.state).toBe("degraded");
    const c = { ...input(), reservePico: 100n };
    expect(await limiter.admit(c)).toMatchObject({ allowed: true, source: "local" });
    expect(await limiter.settle(settleOf(c, 90n))).toMatchObject({ settled: true, source: "local" });
    expect(limiter.pendingSettles()).toBe(1);

    clock += 10_001;
    await expect(limiter.admit(input())).rejects.toBeInstanceOf(LimiterUnavailableError);
    expect(limiter.state).toBe("unavailable");

    await expect.poll(() => redis.status).toBe("end");
    await redis.connect();
    clock += 1_000; // next probe
    expect(await limiter.admit({ ...input(), reservePico: 1n })).toMatchObject({ allowed: true, source: "redis" });
    expect(limiter.state).toBe("healthy");
    await expect.poll(() => limiter.pendingSettles()).toBe(0);
    const spent = await redis.hget(`${prefix}{t:t}:bud:b:2026-11`, "spent");
    expect(spent).toBe("590"); // the settle made during the outage reached Redis exactly once
    expect(states).toEqual(["degraded", "unavailable", "healthy"]);
  });
});
