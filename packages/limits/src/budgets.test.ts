import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisLimiter, type RedisLimiter } from "./redis-limiter.js";
import { connectTestRedis, deleteByPrefix, uniquePrefix } from "./test-redis.js";
import type { AdmitInput, BudgetInput } from "./types.js";

const prefix = uniquePrefix("limits-budget");
const T0 = Date.UTC(2026, 10, 21, 12, 0, 30);
const USD = 1_000_000_000_000n;

let redis: Redis;
let conns: Redis[];
let limiter: RedisLimiter;
let seq = 0;

function admitInput(overrides: Partial<AdmitInput> = {}): AdmitInput {
  seq += 1;
  return {
    tenantId: "t1",
    keyId: "k1",
    requestId: `r${seq}`,
    keyLimits: { rpm: null, tpm: null },
    tenantLimits: { rpm: null, tpm: null },
    estimatedTokens: 10,
    reservePico: 0,
    budgets: [],
    nowMs: T0,
    ...overrides,
  };
}

function settleOf(input: AdmitInput, costPico: bigint, actualTokens = 10) {
  return limiter.settle({
    tenantId: input.tenantId,
    keyId: input.keyId,
    requestId: input.requestId,
    costPico,
    actualTokens,
    budgets: input.budgets,
    nowMs: input.nowMs,
  });
}

beforeAll(() => {
  redis = connectTestRedis();
  conns = Array.from({ length: 4 }, () => connectTestRedis());
  limiter = createRedisLimiter({ redis, prefix });
});

afterAll(async () => {
  await deleteByPrefix(redis, prefix);
  await Promise.all([redis, ...conns].map((c) => c.quit()));
});

describe("budget reservations", () => {
  it("never exceeds a hard budget under 50 concurrent worst-case reservations", async () => {
    // $1.00 budget, $0.07 worst case each: floor(100 / 7) = 14 fit, the 15th would overshoot.
    const budgets: BudgetInput[] = [{ id: "hard", limitPico: USD, period: "monthly", mode: "hard" }];
    const limiters = [redis, ...conns].map((c) => createRedisLimiter({ redis: c, prefix }));
    const inputs = Array.from({ length: 50 }, () => admitInput({ tenantId: "conc", reservePico: (USD * 7n) / 100n, budgets }));
    const results = await Promise.all(inputs.map((input, i) => limiters[i % limiters.length]!.admit(input)));
    const admitted = inputs.filter((_, i) => results[i]!.allowed);
    expect(admitted).toHaveLength(14);
    const denied = results.find((r) => !r.allowed);
    expect(denied).toMatchObject({ allowed: false, denial: { kind: "budget", budgetId: "hard", periodKey: "2026-11", limitPico: USD } });
    expect(denied?.allowed === false && denied.retryAfterMs).toBe(Date.UTC(2026, 11, 1) - T0);

    // Settling at actual costs below the worst case frees room; spend never passes the limit.
    await Promise.all(admitted.map((input) => settleOf(input, (USD * 5n) / 100n)));
    const state = await limiter.getBudgetState("conc", budgets[0]!, new Date(T0));
    expect(state).toMatchObject({ spentPico: (USD * 70n) / 100n, reservedPico: 0n, remainingPico: (USD * 30n) / 100n });
    const more = await Promise.all(
      Array.from({ length: 10 }, () => limiter.admit(admitInput({ tenantId: "conc", reservePico: (USD * 7n) / 100n, budgets }))),
    );
    expect(more.filter((r) => r.allowed)).toHaveLength(4);
  });

  it("denies on the key-level budget while the tenant budget has room, and reports every budget", async () => {
    const budgets: BudgetInput[] = [
      { id: "tenant-m", limitPico: 100n * USD, period: "monthly", mode: "hard" },
      { id: "key-d", limitPico: 10n, period: "daily", mode: "hard" },
      { id: "soft-w", limitPico: 5n, period: "weekly", mode: "soft" },
    ];
    const ok = await limiter.admit(admitInput({ tenantId: "multi", reservePico: 6n, budgets }));
    expect(ok.allowed).toBe(true);
    expect(ok.budgets.map((b) => [b.id, b.periodKey, b.reservedPico])).toEqual([
      ["tenant-m", "2026-11", 6n],
      ["key-d", "2026-11-21", 6n],
      ["soft-w", "2026-W47", 0n], // soft budgets never reserve
    ]);
    const denied = await limiter.admit(admitInput({ tenantId: "multi", reservePico: 5n, budgets }));
    expect(denied).toMatchObject({ allowed: false, denial: { kind: "budget", budgetId: "key-d" } });
    expect(denied.budgets[0]).toMatchObject({ spentPico: 0n, reservedPico: 6n, remainingPico: 100n * USD - 6n });
    expect(await redis.hget(`${prefix}{t:multi}:bud:tenant-m:2026-11`, "reserved")).toBe("6");
  });

  it("lets soft budgets through even when exceeded, flagging them", async () => {
    const budgets: BudgetInput[] = [{ id: "soft", limitPico: 100n, period: "daily", mode: "soft" }];
    const first = admitInput({ tenantId: "soft", reservePico: 1000n, budgets });
    expect((await limiter.admit(first)).allowed).toBe(true);
    await settleOf(first, 250n);
    const second = await limiter.admit(admitInput({ tenantId: "soft", reservePico: 1000n, budgets }));
    expect(second.allowed).toBe(true);
    expect(second.budgets[0]).toMatchObject({ spentPico: 250n, exceeded: true, remainingPico: 0n });
  });

  it("frees the budget when a reservation expires (crashed gateway)", async () => {
    const budgets: BudgetInput[] = [{ id: "exp", limitPico: 100n, period: "total", mode: "hard" }];
    const crashed = admitInput({ tenantId: "exp", reservePico: 80n, budgets, reservationTtlMs: 5_000 });
    expect((await limiter.admit(crashed)).allowed).toBe(true);
    expect((await limiter.admit(admitInput({ tenantId: "exp", reservePico: 30n, budgets, nowMs: T0 + 4_999 }))).allowed).toBe(false);
    const later = await limiter.admit(admitInput({ tenantId: "exp", reservePico: 30n, budgets, nowMs: T0 + 5_000 }));
    expect(later.allowed).toBe(true);
    expect(later.budgets[0]).toMatchObject({ reservedPico: 30n, resetAt: null });
    expect(await redis.zscore(`${prefix}{t:exp}:bud:exp:total:rx`, crashed.requestId)).toBeNull();
    // A late settle of the expired request still charges its cost but cannot release twice.
    await settleOf(crashed, 40n);
    const state = await limiter.getBudgetState("exp", budgets[0]!);
    expect(state).toMatchObject({ spentPico: 40n, reservedPico: 30n });
  });

  it("settles once per request id", async () => {
    const budgets: BudgetInput[] = [{ id: "idem", limitPico: 1000n, period: "monthly", mode: "hard" }];
    const input = admitInput({ tenantId: "idem", reservePico: 100n, budgets });
    await limiter.admit(input);
    const results = await Promise.all(Array.from({ length: 5 }, () => settleOf(input, 42n, 7)));
    expect(results.filter((r) => r.settled)).toHaveLength(1);
    expect(await limiter.getBudgetState("idem", budgets[0]!, new Date(T0))).toMatchObject({ spentPico: 42n, reservedPico: 0n });
    expect(await limiter.getSpend("idem", { period: "monthly", at: new Date(T0) })).toEqual({
      periodKey: "2026-11",
      pico: 42n,
      requests: 1,
      tokens: 7,
    });
  });

  it("keeps live spend per tenant and key for every period type", async () => {
    const at = new Date(T0);
    for (const [keyId, cost] of [["ka", 5n], ["ka", 7n], ["kb", 11n]] as const) {
      const input = admitInput({ tenantId: "spend", keyId });
      await limiter.admit(input);
      await settleOf(input, cost, 3);
    }
    for (const period of ["daily", "weekly", "monthly", "total"] as const) {
      expect((await limiter.getSpend("spend", { period, at })).pico).toBe(23n);
      expect(await limiter.getSpend("spend", { keyId: "ka", period, at })).toMatchObject({ pico: 12n, requests: 2, tokens: 6 });
    }
    expect((await limiter.getSpend("spend", { period: "weekly", at })).periodKey).toBe("2026-W47");
    const ttl = await redis.pttl(`${prefix}{t:spend}:spend:ten:2026-11-21`);
    expect(ttl).toBeGreaterThan(0);
    expect(await redis.pttl(`${prefix}{t:spend}:spend:ten:total`)).toBe(-1);
  });

  it("compares budgets exactly beyond 2^53 picodollars", async () => {
    // $9,223,372 (near the 64-bit ceiling): a double would round these apart-by-one figures together.
    const limit = 9_223_372_036_854_775_000n;
    const budgets: BudgetInput[] = [{ id: "big", limitPico: limit, period: "total", mode: "hard" }];
    expect(await limiter.seedBudgetSpend("big", budgets[0]!, limit - 1001n)).toBe(true);
    expect(await limiter.seedBudgetSpend("big", budgets[0]!, 0n)).toBe(false);
    expect((await limiter.admit(admitInput({ tenantId: "big", reservePico: 1002n, budgets }))).allowed).toBe(false);
    const fits = await limiter.admit(admitInput({ tenantId: "big", reservePico: 1001n, budgets }));
    expect(fits.allowed).toBe(true);
    expect(fits.budgets[0]).toMatchObject({ spentPico: limit - 1001n, reservedPico: 1001n, remainingPico: 0n });
  });

  it("denies an exhausted hard budget even for zero-cost reservations", async () => {
    const budgets: BudgetInput[] = [{ id: "gone", limitPico: 10n, period: "daily", mode: "hard" }];
    const first = admitInput({ tenantId: "gone", budgets, reservePico: 10n });
    await limiter.admit(first);
    await settleOf(first, 11n);
    expect((await limiter.admit(admitInput({ tenantId: "gone", budgets, reservePico: 0n }))).allowed).toBe(false);
  });
});
