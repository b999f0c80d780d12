import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type OpenAI from "openai";
import { startSharedStack, type ChildGateway, type SharedStack } from "./multiprocess.js";

// Revocation and suspension as the dashboard does them (packages/core/src/invalidation.ts): the
// Postgres write commits first, then the Redis copy is deleted and the change is published.
let s: SharedStack;
let a: ChildGateway;
let b: ChildGateway;
beforeAll(async () => {
  s = await startSharedStack();
  [a, b] = await Promise.all([s.startGateway(), s.startGateway()]);
});
afterAll(() => s?.close());

const ask = (client: OpenAI) => client.chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "hi [[mock tokens=3]]" }] });

/**
 * Polls until the call fails with the given status and code. Returns how long after `since` the last
 * accepted request was *sent*: on a loaded machine a request can take a while to come back, and what is
 * measured is when the replica stopped accepting the key, not the client's round trip.
 */
async function refusedWithin(call: () => Promise<unknown>, status: number, code: string, since = Date.now(), giveUpMs = 5_000): Promise<number> {
  let lastAccepted = since;
  for (;;) {
    const sentAt = Date.now();
    const outcome = await call().then(
      () => null,
      (e: { status?: number; code?: string }) => e,
    );
    if (outcome && outcome.status === status && outcome.code === code) return lastAccepted - since;
    if (outcome) throw new Error(`unexpected failure ${outcome.status} ${outcome.code}`);
    lastAccepted = sentAt;
    if (Date.now() - since > giveUpMs) return Number.POSITIVE_INFINITY;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("revocation across two gateway processes", () => {
  it("a revoked key is refused by both replicas within 1 s, with warm caches", async () => {
    const { key, keyHash } = await s.createKey();
    const ca = s.client(a.baseURL, key);
    const cb = s.client(b.baseURL, key);
    // Warm both memory caches (and the shared Redis copy).
    for (let i = 0; i < 3; i++) await Promise.all([ask(ca), ask(cb)]);
    expect(await s.redis.exists(`sb:apikey:${keyHash}`)).toBe(1);

    await s.prisma.$executeRaw`UPDATE api_keys SET revoked_at = now() WHERE key_hash = ${keyHash}`;
    await s.redis.del(`sb:apikey:${keyHash}`);
    const since = Date.now();
    await s.redis.publish("sb:apikey:invalidate", keyHash);

    const [ta, tb] = await Promise.all([refusedWithin(() => ask(ca), 401, "api_key_revoked", since), refusedWithin(() => ask(cb), 401, "api_key_revoked", since)]);
    expect(ta).toBeLessThan(1_000);
    expect(tb).toBeLessThan(1_000);
    // And it stays refused (no replica re-caches the old row).
    await new Promise((r) => setTimeout(r, 200));
    await expect(ask(ca)).rejects.toMatchObject({ status: 401, code: "api_key_revoked" });
    await expect(ask(cb)).rejects.toMatchObject({ status: 401, code: "api_key_revoked" });
  }, 60_000);

  it("a key revoked while the replicas are under load is refused within 1 s and never served again", async () => {
    const { key, keyHash } = await s.createKey();
    const clients = [s.client(a.baseURL, key), s.client(b.baseURL, key)];
    let stop = false;
    const served: number[] = [];
    // Both replicas keep loading the key (refreshes, Redis copies) while it is revoked.
    const load = Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        while (!stop) {
          const sentAt = Date.now();
          const ok = await ask(clients[i % 2]!).then(() => true, () => false);
          if (ok) served.push(sentAt);
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    await s.prisma.$executeRaw`UPDATE api_keys SET revoked_at = now() WHERE key_hash = ${keyHash}`;
    await s.redis.del(`sb:apikey:${keyHash}`);
    const publishedAt = Date.now();
    await s.redis.publish("sb:apikey:invalidate", keyHash);
    await new Promise((r) => setTimeout(r, 2_000));
    stop = true;
    await load;
    // No request sent more than 1 s after the publish was served.
    const late = served.filter((t) => t > publishedAt + 1_000);
    expect(late).toEqual([]);
    for (const c of clients) await expect(ask(c)).rejects.toMatchObject({ status: 401, code: "api_key_revoked" });
  }, 60_000);

  it("a tenant suspension is honoured by both replicas within 1 s, including their Redis copies", async () => {
    const { key, tenantId, keyHash } = await s.createKey();
    const ca = s.client(a.baseURL, key);
    const cb = s.client(b.baseURL, key);
    for (let i = 0; i < 3; i++) await Promise.all([ask(ca), ask(cb)]);
    expect(await s.redis.exists(`sb:apikey:${keyHash}`)).toBe(1);

    await s.prisma.tenant.update({ where: { id: tenantId }, data: { status: "suspended", suspendedAt: new Date(), suspendReason: "invoice overdue" } });
    // The billing job only knows the tenant: it publishes, it deletes no key copies.
    const since = Date.now();
    await s.redis.publish("sb:tenant:invalidate", tenantId);

    const [ta, tb] = await Promise.all([refusedWithin(() => ask(ca), 403, "tenant_suspended", since), refusedWithin(() => ask(cb), 403, "tenant_suspended", since)]);
    expect(ta).toBeLessThan(1_000);
    expect(tb).toBeLessThan(1_000);
    await expect(ask(ca)).rejects.toThrow(/suspended: invoice overdue/);
  }, 60_000);

  it("a replica that starts after a suspension does not serve the tenant's stale Redis copy", async () => {
    const { key, tenantId, keyHash } = await s.createKey();
    await ask(s.client(a.baseURL, key));
    expect(await s.redis.exists(`sb:apikey:${keyHash}`)).toBe(1);
    await s.prisma.tenant.update({ where: { id: tenantId }, data: { status: "suspended", suspendedAt: new Date() } });
    await s.redis.publish("sb:tenant:invalidate", tenantId);
    // A cold replica reads the Redis copy first: the copy predates the invalidation, so it must go to Postgres.
    const c = await s.startGateway();
    try {
      await expect(ask(s.client(c.baseURL, key))).rejects.toMatchObject({ status: 403, code: "tenant_suspended" });
    } finally {
      await c.stop();
    }
  }, 60_000);

  it("a budget added to a tenant and announced on sb:tenant:invalidate is enforced by both replicas within 1 s", async () => {
    const { key, tenantId } = await s.createKey();
    const ca = s.client(a.baseURL, key);
    const cb = s.client(b.baseURL, key);
    for (let i = 0; i < 2; i++) await Promise.all([ask(ca), ask(cb)]);
    // A budget too small for any request: the cached key records carry no budget yet.
    await s.prisma.budget.create({ data: { tenantId, scope: "tenant", amountPicoUsd: 1n, period: "monthly", enforcement: "hard" } });
    const since = Date.now();
    await s.redis.publish("sb:tenant:invalidate", tenantId);
    const [ta, tb] = await Promise.all([refusedWithin(() => ask(ca), 429, "insufficient_quota", since), refusedWithin(() => ask(cb), 429, "insufficient_quota", since)]);
    expect(ta).toBeLessThan(1_000);
    expect(tb).toBeLessThan(1_000);
  }, 60_000);

  it("reactivating the tenant restores access on both replicas", async () => {
    const { key, tenantId } = await s.createKey();
    const ca = s.client(a.baseURL, key);
    const cb = s.client(b.baseURL, key);
    await Promise.all([ask(ca), ask(cb)]);
    await s.prisma.tenant.update({ where: { id: tenantId }, data: { status: "suspended", suspendedAt: new Date() } });
    const since = Date.now();
    await s.redis.publish("sb:tenant:invalidate", tenantId);
    expect(await refusedWithin(() => ask(ca), 403, "tenant_suspended", since)).toBeLessThan(1_000);
    await s.prisma.tenant.update({ where: { id: tenantId }, data: { status: "active", suspendedAt: null } });
    await s.redis.publish("sb:tenant:invalidate", tenantId);
    const deadline = Date.now() + 1_000;
    let okA = false;
    let okB = false;
    while (Date.now() < deadline && !(okA && okB)) {
      okA ||= await ask(ca).then(() => true, () => false);
      okB ||= await ask(cb).then(() => true, () => false);
    }
    expect([okA, okB]).toEqual([true, true]);
  }, 60_000);
});
