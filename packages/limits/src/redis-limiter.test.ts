import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisLimiter, type RedisLimiter } from "./redis-limiter.js";
import { connectTestRedis, deleteByPrefix, testRedisUrl, uniquePrefix } from "./test-redis.js";
import type { AdmitInput } from "./types.js";

const prefix = uniquePrefix("limits-rate");
const MINUTE = 60_000;
// A fixed clock in the middle of a minute, so tests never straddle a real window boundary.
const T0 = Date.UTC(2026, 10, 21, 12, 0, 30);

let redis: Redis;
let extra: Redis[];
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

beforeAll(async () => {
  redis = connectTestRedis();
  extra = Array.from({ length: 4 }, () => connectTestRedis());
  limiter = createRedisLimiter({ redis, prefix });
});

afterAll(async () => {
  await deleteByPrefix(redis, prefix);
  await Promise.all([redis, ...extra].map((c) => c.quit()));
});

describe("rate limits", () => {
  it("admits exactly the RPM limit out of 200 concurrent admits over 5 connections", async () => {
    const limiters = [redis, ...extra].map((c) => createRedisLimiter({ redis: c, prefix }));
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        limiters[i % limiters.length]!.admit(admitInput({ tenantId: "conc", keyLimits: { rpm: 37, tpm: null } })),
      ),
    );
    const allowed = results.filter((r) => r.allowed);
    expect(allowed).toHaveLength(37);
    const denied = results.find((r) => !r.allowed);
    expect(denied).toMatchObject({
      allowed: false,
      denial: { kind: "rate", scope: "key", dimension: "requests", limit: 37, tooLarge: false },
      retryAfterMs: 30_000,
    });
    // remaining counts down 36..0 without gaps or repeats: each admission saw a distinct count.
    const remaining = allowed.map((r) => r.rate.key.requests.remaining).sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(remaining).toEqual(Array.from({ length: 37 }, (_, i) => i));
  });

  it("admits exactly the limit across two separate OS processes", async () => {
    const childPrefix = uniquePrefix("limits-child");
    const fixture = fileURLToPath(new URL("./admit-child.fixture.ts", import.meta.url));
    const startAt = Date.now() + 1500;
    const run = (label: string) =>
      new Promise<number>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", fixture], {
          env: {
            ...process.env,
            SB_TEST_REDIS_URL: testRedisUrl(),
            LIMITS_PREFIX: childPrefix,
            ADMITS: "100",
            CONNS: "3",
            START_AT: String(startAt),
            NOW_MS: String(T0),
            LABEL: label,
          },
          stdio: ["ignore", "pipe", "inherit"],
        });
        let out = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        child.on("error", reject);
        child.on("exit", (code) => {
          if (code !== 0) return reject(new Error(`child exited ${code}`));
          resolve((JSON.parse(out.trim()) as { allowed: number }).allowed);
        });
      });
    try {
      const [a, b] = await Promise.all([run("a"), run("b")]);
      // 200 admits against rpm 100 from two processes: exactly 100 in total, whoever wins.
      expect(a + b).toBe(100);
      expect(await redis.hget(`${childPrefix}{t:t1}:rl:key:k1`, "req")).toBe("100");
    } finally {
      await deleteByPrefix(redis, childPrefix);
    }
  }, 30_000);

  it("enforces TPM with the estimate and reports tooLarge for a request that can never fit", async () => {
    const base = { tenantId: "tpm", keyLimits: { rpm: null, tpm: 1000 } };
    expect((await limiter.admit(admitInput({ ...base, estimatedTokens: 600 }))).allowed).toBe(true);
    const second = await limiter.admit(admitInput({ ...base, estimatedTokens: 500 }));
    expect(second).toMatchObject({ allowed: false, denial: { scope: "key", dimension: "tokens", tooLarge: false } });
    expect(second.rate.key.tokens).toMatchObject({ limit: 1000, used: 600, remaining: 400 });
    expect((await limiter.admit(admitInput({ ...base, estimatedTokens: 400 }))).allowed).toBe(true);
    const huge = await limiter.admit(admitInput({ tenantId: "tpm2", keyLimits: { rpm: null, tpm: 1000 }, estimatedTokens: 1001 }));
    expect(huge).toMatchObject({ allowed: false, retryAfterMs: null, denial: { tooLarge: true } });
  });

  it("checks tenant limits across keys, and a denied request changes no counter", async () => {
    const base = { tenantId: "ten", tenantLimits: { rpm: 3, tpm: null } };
    for (const keyId of ["a", "b", "c"]) expect((await limiter.admit(admitInput({ ...base, keyId }))).allowed).toBe(true);
    const denied = await limiter.admit(admitInput({ ...base, keyId: "d", keyLimits: { rpm: 10, tpm: null } }));
    expect(denied).toMatchObject({ allowed: false, denial: { scope: "tenant", dimension: "requests", limit: 3 } });
    expect(await redis.hget(`${prefix}{t:ten}:rl:key:d`, "req")).toBeNull();
    expect(await redis.hget(`${prefix}{t:ten}:rl:ten`, "req")).toBe("3");
  });

  it("resets at the minute boundary (fixed windows aligned to the minute)", async () => {
    const base = { tenantId: "win", keyLimits: { rpm: 2, tpm: null } };
    const end = T0 - 30_000 + MINUTE - 1; // 12:00:59.999
    expect((await limiter.admit(admitInput({ ...base, nowMs: T0 }))).allowed).toBe(true);
    expect((await limiter.admit(admitInput({ ...base, nowMs: end }))).allowed).toBe(true);
    const denied = await limiter.admit(admitInput({ ...base, nowMs: end }));
    expect(denied).toMatchObject({ allowed: false, retryAfterMs: 1 });
    expect(denied.rate.key.requests.resetAtMs).toBe(end + 1);
    const next = await limiter.admit(admitInput({ ...base, nowMs: end + 1 }));
    expect(next.allowed).toBe(true);
    expect(next.rate.key.requests).toMatchObject({ used: 1, remaining: 1, resetAtMs: end + 1 + MINUTE });
  });

  it("uses the Redis server clock when no clock is given", async () => {
    const [sec] = await redis.time();
    const result = await limiter.admit(admitInput({ tenantId: "clock", nowMs: undefined }));
    expect(Math.abs(result.nowMs - Number(sec) * 1000)).toBeLessThan(5000);
  });

  it("treats a retried admit of the same request id as a no-op", async () => {
    const input = admitInput({ tenantId: "dup", keyLimits: { rpm: 5, tpm: null } });
    expect(await limiter.admit(input)).toMatchObject({ allowed: true, duplicate: false });
    const again = await limiter.admit(input);
    expect(again).toMatchObject({ allowed: true, duplicate: true });
    expect(again.rate.key.requests.used).toBe(1);
  });

  it("corrects TPM on settle by actual − estimated tokens", async () => {
    const base = { tenantId: "corr", keyLimits: { rpm: null, tpm: 1000 }, tenantLimits: { rpm: null, tpm: 5000 } };
    const first = admitInput({ ...base, estimatedTokens: 900 });
    expect((await limiter.admit(first)).allowed).toBe(true);
    expect((await limiter.admit(admitInput({ ...base, estimatedTokens: 200 }))).allowed).toBe(false);
    await limiter.settle({ tenantId: "corr", keyId: "k1", requestId: first.requestId, costPico: 5, actualTokens: 150, budgets: [], nowMs: T0 });
    const after = await limiter.admit(admitInput({ ...base, estimatedTokens: 200 }));
    expect(after.allowed).toBe(true);
    expect(after.rate.key.tokens.used).toBe(350);
    expect(after.rate.tenant.tokens.used).toBe(350);
    // Over-use is charged too: a request that used more than estimated eats into the window.
    const big = admitInput({ ...base, estimatedTokens: 100 });
    await limiter.admit(big);
    await limiter.settle({ tenantId: "corr", keyId: "k1", requestId: big.requestId, costPico: 5, actualTokens: 600, budgets: [], nowMs: T0 });
    expect(await redis.hget(`${prefix}{t:corr}:rl:key:k1`, "tok")).toBe("950");
  });

  it("puts the tenant hash tag in every key it writes", async () => {
    const tenantId = "tagged";
    const input = admitInput({
      tenantId,
      keyLimits: { rpm: 10, tpm: 100 },
      reservePico: 10n,
      budgets: [{ id: "b1", limitPico: 1000n, period: "monthly", mode: "hard" }],
    });
    await limiter.admit(input);
    await limiter.settle({ tenantId, keyId: "k1", requestId: input.requestId, costPico: 3n, actualTokens: 4, budgets: input.budgets, nowMs: T0 });
    const written: string[] = [];
    let cursor = "0";
    do {
      const [next, batch] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      cursor = next;
      written.push(...batch.filter((k) => k.includes(`{t:${tenantId}}`) || k.includes("tagged")));
    } while (cursor !== "0");
    expect(written.length).toBeGreaterThanOrEqual(13); // 2 windows, record, marker, budget hash, 8 spend hashes
    const slots = new Set(written.map((k) => /\{([^}]*)\}/.exec(k)?.[1]));
    expect(slots).toEqual(new Set([`t:${tenantId}`]));
  });

  it("settles one tick's requests in one script call, exactly as one by one (two tenants, a duplicate id, two keys)", async () => {
    const budget = { id: "bb", limitPico: 10_000n, period: "daily" as const, mode: "hard" as const };
    const inputs = Array.from({ length: 60 }, (_, i) =>
      admitInput({ tenantId: i % 2 ? "batchA" : "batchB", keyId: i % 3 ? "k1" : "k2", reservePico: 50n, estimatedTokens: 20, budgets: [budget] }),
    );
    await Promise.all(inputs.map((a) => limiter.admit(a)));
    const calls = inputs.map((a, i) => limiter.settle({ tenantId: a.tenantId, keyId: a.keyId, requestId: a.requestId, costPico: BigInt(i + 1), actualTokens: 7, budgets: a.budgets, nowMs: T0 }));
    // The same request settled again in the same tick changes nothing.
    const dup = limiter.settle({ tenantId: inputs[0]!.tenantId, keyId: inputs[0]!.keyId, requestId: inputs[0]!.requestId, costPico: 999n, actualTokens: 7, budgets: [budget], nowMs: T0 });
    const results = await Promise.all(calls);
    expect(results.every((r) => r.settled)).toBe(true);
    expect(await dup).toEqual({ settled: false, source: "redis" });
    for (const tenantId of ["batchA", "batchB"]) {
      const mine = inputs.map((a, i) => ({ a, cost: i + 1 })).filter((x) => x.a.tenantId === tenantId);
      const expected = mine.reduce((s, x) => s + x.cost, 0);
      const state = await limiter.getBudgetState(tenantId, budget, new Date(T0));
      expect(state.spentPico).toBe(BigInt(expected));
      expect(state.reservedPico).toBe(0n);
      const spend = await limiter.getSpend(tenantId, { period: "daily", at: new Date(T0) });
      expect(spend).toMatchObject({ pico: BigInt(expected), requests: mine.length, tokens: 7 * mine.length });
      const k2 = await limiter.getSpend(tenantId, { keyId: "k2", period: "daily", at: new Date(T0) });
      expect(k2.requests).toBe(mine.filter((x) => x.a.keyId === "k2").length);
      // TPM moved from the estimate (20) to the actual count (7) for every request.
      expect(await redis.hget(`${prefix}{t:${tenantId}}:rl:ten`, "tok")).toBe(String(7 * mine.length));
    }
  });

  it("admits one tick's requests in one script call per tenant, in order, exactly as one by one", async () => {
    const conn = connectTestRedis();
    const scripts: string[] = [];
    const send = conn.sendCommand.bind(conn);
    conn.sendCommand = ((cmd: { name: string }, ...rest: unknown[]) => {
      if (cmd.name === "evalsha" || cmd.name === "eval") scripts.push(cmd.name);
      return (send as (...a: unknown[]) => unknown)(cmd, ...rest);
    }) as typeof conn.sendCommand;
    try {
      const batched = createRedisLimiter({ redis: conn, prefix });
      await batched.admit(admitInput({ tenantId: "warm" })); // loads the script on this connection
      scripts.length = 0;
      const budget = { id: "tick", limitPico: 1_000n, period: "daily" as const, mode: "hard" as const };
      // Tenant A: rpm 20 on its key; tenant B: a budget that fits 7 reservations of 130.
      const a = Array.from({ length: 30 }, () => admitInput({ tenantId: "tickA", keyLimits: { rpm: 20, tpm: null } }));
      const b = Array.from({ length: 10 }, () => admitInput({ tenantId: "tickB", reservePico: 130n, budgets: [budget] }));
      const dup = { ...a[0]! };
      const results = await Promise.all([...a, ...b, dup].map((i) => batched.admit(i)));
      expect(scripts).toHaveLength(2);
      const ra = results.slice(0, 30);
      expect(ra.map((r) => r.allowed)).toEqual([...Array(20).fill(true), ...Array(10).fill(false)]);
      // In submission order, as if admitted one after another.
      expect(ra.slice(0, 20).map((r) => r.rate.key.requests.remaining)).toEqual(Array.from({ length: 20 }, (_, i) => 19 - i));
      expect(ra[25]).toMatchObject({ allowed: false, denial: { kind: "rate", scope: "key", dimension: "requests" } });
      const rb = results.slice(30, 40);
      expect(rb.map((r) => r.allowed)).toEqual([...Array(7).fill(true), ...Array(3).fill(false)]);
      expect(rb[6]!.budgets[0]!.reservedPico).toBe(6n * 130n + 130n);
      expect(rb[7]).toMatchObject({ allowed: false, denial: { kind: "budget", budgetId: "tick" } });
      // The same request id twice in one tick: the second is a duplicate and changes nothing.
      expect(results[40]).toMatchObject({ allowed: true, duplicate: true });
      expect(await redis.hget(`${prefix}{t:tickA}:rl:key:k1`, "req")).toBe("20");
      expect((await limiter.getBudgetState("tickB", budget, new Date(T0))).reservedPico).toBe(7n * 130n);
    } finally {
      await conn.quit();
    }
  });

  it("rejects ids that would break the hash tag", async () => {
    await expect(limiter.admit(admitInput({ tenantId: "evil}x" }))).rejects.toThrow(/tenantId/);
    await expect(limiter.admit(admitInput({ keyId: "{other}" }))).rejects.toThrow(/keyId/);
    await expect(limiter.admit(admitInput({ requestId: "" }))).rejects.toThrow(/requestId/);
  });
});
