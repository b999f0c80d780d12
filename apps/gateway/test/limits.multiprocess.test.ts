import { computePeriodKey, createRedisLimiter, periodResetAt } from "@switchboard/limits";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSharedStack, waitForUsageEvents, type ChildGateway, type SharedStack } from "./multiprocess.js";

let s: SharedStack;
let a: ChildGateway;
let b: ChildGateway;
beforeAll(async () => {
  s = await startSharedStack();
  [a, b] = await Promise.all([s.startGateway(), s.startGateway()]);
});
afterAll(() => s?.close());

/** Windows are fixed minutes of the Redis clock (same host): keep a burst inside one of them. */
async function awayFromMinuteBoundary(marginMs = 8_000): Promise<void> {
  const [sec, usec] = await s.redis.time();
  const intoMinute = (Number(sec) * 1000 + Math.floor(Number(usec) / 1000)) % 60_000;
  if (intoMinute > 60_000 - marginMs) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 200));
}

type Outcome = { ok: true; headers: Headers } | { ok: false; status: number; code: string | null; message: string; headers: Headers };

async function call(client: OpenAI, content = "hi [[mock tokens=3]]", extra: Record<string, unknown> = {}): Promise<Outcome> {
  try {
    const { response } = await client.chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content }], ...extra }).withResponse();
    return { ok: true, headers: response.headers };
  } catch (e) {
    if (!(e instanceof OpenAI.APIError)) throw e;
    return { ok: false, status: e.status ?? 0, code: (e.code as string | null) ?? null, message: e.message, headers: e.headers ?? new Headers() };
  }
}

describe("rate limits across two gateway processes", () => {
  it("rpmLimit 20 with 60 concurrent requests over both replicas: exactly 20 pass, 40 get 429 with Retry-After and x-ratelimit-*", async () => {
    const { key, tenantId } = await s.createKey({ rpmLimit: 20 });
    // Warm both key caches (a cold miss is a separate round trip, not what is measured here) without spending RPM.
    await Promise.all([a, b].map((g) => s.client(g.baseURL, key).models.list()));
    await awayFromMinuteBoundary();
    const clients = [s.client(a.baseURL, key), s.client(b.baseURL, key)];
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => call(clients[i % 2]!)));
    const ok = results.filter((r) => r.ok);
    const limited = results.filter((r): r is Extract<Outcome, { ok: false }> => !r.ok);
    expect(ok).toHaveLength(20);
    expect(limited).toHaveLength(40);
    for (const r of limited) {
      expect(r.status).toBe(429);
      expect(r.code).toBe("rate_limit_requests");
      const retryAfter = Number(r.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(r.headers.get("x-ratelimit-limit-requests")).toBe("20");
      expect(r.headers.get("x-ratelimit-remaining-requests")).toBe("0");
      expect(r.headers.get("x-ratelimit-reset-requests")).toMatch(/^\d+(\.\d+)?m?s$|^\d+m\d+(\.\d+)?s$/);
    }
    // Every admitted request saw a distinct remaining count: 19 … 0, once each.
    const remaining = ok.map((r) => Number(r.headers.get("x-ratelimit-remaining-requests"))).sort((x, y) => x - y);
    expect(remaining).toEqual(Array.from({ length: 20 }, (_, i) => i));
    for (const r of ok) expect(r.headers.get("x-ratelimit-limit-requests")).toBe("20");
    // Each of the 60 requests, admitted or not, emits exactly one usage event.
    const events = await waitForUsageEvents(s.redisUrl, tenantId, 60);
    expect(events).toHaveLength(60);
    expect(events.filter((e) => e.httpStatus === 429 && e.errorCode === "rate_limit_requests")).toHaveLength(40);
  }, 60_000);

  it("tpmLimit across both replicas: admitted estimated tokens never exceed the limit", async () => {
    // Each request is charged prompt + max_tokens at admission (≈ 1,010); a 4,500 TPM fits 4. The upstream is
    // slow so no request settles (which corrects the window to actual tokens) before all 20 were decided.
    const { key } = await s.createKey({ tpmLimit: 4_500 });
    await Promise.all([a, b].map((g) => s.client(g.baseURL, key).models.list()));
    await awayFromMinuteBoundary();
    const clients = [s.client(a.baseURL, key), s.client(b.baseURL, key)];
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => call(clients[i % 2]!, "hi [[mock tokens=3 latency_ms=1500]]", { max_tokens: 1_000 })));
    const ok = results.filter((r) => r.ok);
    expect(ok).toHaveLength(4);
    for (const r of results) {
      if (r.ok) continue;
      expect(r.status).toBe(429);
      expect(r.code).toBe("rate_limit_tokens");
      expect(r.headers.get("x-ratelimit-limit-tokens")).toBe("4500");
      expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
  }, 60_000);
});

describe("organisation-wide limits across keys and processes", () => {
  it("a tenant rpmLimit of 10 is shared by all its keys on both replicas", async () => {
    const first = await s.createKey();
    await s.prisma.tenant.update({ where: { id: first.tenantId }, data: { rpmLimit: 10 } });
    const second = await s.createKey({ tenantId: first.tenantId });
    const clients = [s.client(a.baseURL, first.key), s.client(b.baseURL, first.key), s.client(a.baseURL, second.key), s.client(b.baseURL, second.key)];
    await Promise.all(clients.map((c) => c.models.list()));
    await awayFromMinuteBoundary();
    const results = await Promise.all(Array.from({ length: 32 }, (_, i) => call(clients[i % 4]!)));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    for (const r of results) {
      if (r.ok) continue;
      expect(r).toMatchObject({ status: 429, code: "rate_limit_requests" });
      expect(r.message).toMatch(/organisation/);
      expect(r.headers.get("x-ratelimit-limit-requests")).toBe("10");
    }
  }, 60_000);
});

describe("hard budgets across two gateway processes", () => {
  it("50 concurrent requests never push settled spend past a hard budget, and the exhausted budget says which budget and when it resets", async () => {
    // gpt-mock: $1/Mtok in, $2/Mtok out. max_tokens 100 → a worst case of ≈ 0.2 M pico + prompt per request; 2 M pico fits ~9.
    const limit = 2_000_000_000n;
    const { key, tenantId } = await s.createKey({ budgetPicoUsd: limit });
    const budget = await s.prisma.budget.findFirstOrThrow({ where: { tenantId } });
    const limiter = createRedisLimiter({ redis: s.redis, prefix: s.redisPrefix });
    const input = { id: budget.id, limitPico: limit, period: "monthly" as const, mode: "hard" as const };
    const clients = [s.client(a.baseURL, key), s.client(b.baseURL, key)];
    await Promise.all(clients.map((c) => c.models.list()));

    let served = 0;
    let denied: Extract<Outcome, { ok: false }> | null = null;
    let exhausted = false;
    // Waves of 50 until a whole wave is refused.
    for (let wave = 0; wave < 20 && !exhausted; wave++) {
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => call(clients[i % 2]!, `budget wave ${wave} [[mock tokens=60]]`, { max_tokens: 100 })));
      const ok = results.filter((r) => r.ok).length;
      if (wave === 0) expect(ok).toBeLessThan(50);
      served += ok;
      exhausted = ok === 0;
      for (const r of results) if (!r.ok && r.code === "insufficient_quota") denied = r;
      for (const r of results) if (!r.ok) expect(r.code).toBe("insufficient_quota");
      // After each wave every reservation is settled: spend alone is what the budget carries.
      await expect.poll(async () => (await limiter.getBudgetState(tenantId, input)).reservedPico, { timeout: 5_000 }).toBe(0n);
      const state = await limiter.getBudgetState(tenantId, input);
      expect(state.spentPico).toBeLessThanOrEqual(limit);
    }
    expect(served).toBeGreaterThan(0);
    expect(denied).not.toBeNull();
    expect(denied!.status).toBe(429);
    expect(denied!.code).toBe("insufficient_quota");
    expect(denied!.message).toContain(budget.id);
    expect(denied!.message).toMatch(/monthly/);
    const resetAt = periodResetAt("monthly", new Date())!;
    expect(denied!.message).toContain(resetAt.toISOString());
    expect(denied!.headers.get("x-should-retry")).toBe("false");

    // Sum of settled spend (the live counters the worker and dashboard read) stays within the limit and equals the billed events.
    const spend = await limiter.getSpend(tenantId, { period: "monthly" });
    expect(spend.periodKey).toBe(computePeriodKey("monthly", new Date()));
    expect(spend.pico).toBeLessThanOrEqual(limit);
    expect(spend.pico).toBeGreaterThan(0n);
    const events = await waitForUsageEvents(s.redisUrl, tenantId, served);
    const billed = events.reduce((sum, e) => sum + BigInt(e.costPicoUsd), 0n);
    expect(billed).toBe(spend.pico);
    expect(events.filter((e) => e.outcome === "success")).toHaveLength(served);
    // Once exhausted, either replica refuses the same request.
    for (const c of clients) expect(await call(c, "budget again [[mock tokens=60]]", { max_tokens: 100 })).toMatchObject({ ok: false, status: 429, code: "insufficient_quota" });
  }, 60_000);
});
