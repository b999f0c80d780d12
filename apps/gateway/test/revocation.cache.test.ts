import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { setFlagsFromString } from "node:v8";
import { createTestRedis } from "@switchboard/testing";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { KeyCache, defaultKeyCacheOptions, subscribeInvalidations, KEY_INVALIDATION_CHANNEL, TENANT_INVALIDATION_CHANNEL } from "../src/auth/key-cache.js";
import { keyRecord, type KeyRecord } from "../src/auth/key-record.js";

// The key cache against the run's real Redis, with a loader standing in for Postgres (the system of record).
const { url } = createTestRedis();
const conns: Redis[] = [];
const connect = (opts = {}) => {
  const r = new Redis(url, opts);
  conns.push(r);
  return r;
};
afterAll(() => conns.forEach((c) => c.disconnect()));

function record(tenantId: string, over: Partial<KeyRecord> = {}): KeyRecord {
  return { keyId: "k1", keyName: "k", tenantId, tenantStatus: "active", suspendReason: null, revokedAt: null, expiresAt: null, allowedModels: [], rpmLimit: null, tpmLimit: null, tenantRpmLimit: null, tenantTpmLimit: null, budgets: [], ...over } as KeyRecord;
}

/** A Postgres stand-in: the current row per hash, and how often it was read. */
function source() {
  const rows = new Map<string, KeyRecord>();
  let reads = 0;
  return { rows, reads: () => reads, loader: async (h: string) => (reads++, rows.get(h) ?? null) };
}

const hash = () => randomBytes(32).toString("hex");

// V8's %HaveSameMap, enabled for functions compiled from here on.
setFlagsFromString("--allow-natives-syntax");
const sameHiddenClass = new Function("a", "b", "return %HaveSameMap(a, b)") as (a: unknown, b: unknown) => boolean;
const tenant = () => `ten_${randomBytes(6).toString("hex")}`;
const until = async (cond: () => Promise<boolean> | boolean, ms = 2_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe("key records", () => {
  it("read back from the Redis copy by a cold replica have the fields, in the order, of one loaded from Postgres", async () => {
    const t = tenant();
    const h = hash();
    const fromPostgres = keyRecord(record(t, { budgets: [{ id: "b", scope: "tenant", limitPicoUsd: "5", period: "daily", enforcement: "hard" }], storeBodies: true }));
    const warm = new KeyCache(connect({ maxRetriesPerRequest: 1 }), async () => fromPostgres);
    await warm.get(h); // loads, and writes the Redis copy
    let pgReads = 0;
    const cold = new KeyCache(connect({ maxRetriesPerRequest: 1 }), async () => (pgReads++, null));
    const fromRedis = await cold.get(h);
    expect(pgReads).toBe(0);
    expect(fromRedis).toEqual(fromPostgres);
    // One hidden class on the hot path (V8's own check), and no bookkeeping field (loadedAt) carried along.
    expect(Object.keys(fromRedis!)).toEqual(Object.keys(fromPostgres));
    expect(sameHiddenClass(fromRedis, fromPostgres)).toBe(true);
    expect(sameHiddenClass(fromRedis!.budgets[0], fromPostgres.budgets[0])).toBe(true);
  });
});

describe("key cache invalidation", () => {
  it("subscribing while the connection is still in its handshake does not lose the subscription", async () => {
    const src = source();
    const cache = new KeyCache(connect({ maxRetriesPerRequest: 1 }), src.loader);
    const sub = connect({ maxRetriesPerRequest: null });
    sub.on("error", () => undefined);
    await once(sub, "connect"); // status "connect": ioredis is still doing CLIENT SETINFO / INFO
    await subscribeInvalidations(sub, cache);
    const h = hash();
    src.rows.set(h, record(tenant()));
    await cache.get(h);
    src.rows.set(h, record(src.rows.get(h)!.tenantId, { revokedAt: Date.now() }));
    await connect().publish(KEY_INVALIDATION_CHANNEL, h);
    await until(async () => (await cache.get(h))?.revokedAt !== null);
  });

  it("a tenant invalidation also invalidates the tenant's Redis copies (read by a replica with a cold memory)", async () => {
    const src = source();
    const t = tenant();
    const h = hash();
    src.rows.set(h, record(t));
    const warm = new KeyCache(connect({ maxRetriesPerRequest: 1 }), src.loader);
    const sub = connect({ maxRetriesPerRequest: null });
    await subscribeInvalidations(sub, warm);
    expect((await warm.get(h))?.tenantStatus).toBe("active"); // now in memory and in Redis
    src.rows.set(h, record(t, { tenantStatus: "suspended" }));
    await connect().publish(TENANT_INVALIDATION_CHANNEL, t);
    await until(async () => (await warm.get(h))?.tenantStatus === "suspended");
    // A replica that never heard the message and has nothing in memory must not trust the old Redis copy.
    const cold = new KeyCache(connect({ maxRetriesPerRequest: 1 }), src.loader);
    expect((await cold.get(h))?.tenantStatus).toBe("suspended");
  });

  it("a fresh memory hit costs no Redis round trip; a revalidation of a known key costs one", async () => {
    const src = source();
    const t = tenant();
    const h = hash();
    src.rows.set(h, record(t));
    const redis = connect({ maxRetriesPerRequest: 1 });
    const cache = new KeyCache(redis, src.loader, { ...defaultKeyCacheOptions, freshMs: 50, staleMs: 60_000 });
    await cache.get(h);
    const sent: string[] = [];
    const orig = redis.sendCommand.bind(redis);
    redis.sendCommand = ((cmd: { name: string }) => (sent.push(cmd.name), orig(cmd as never))) as typeof redis.sendCommand;
    await cache.get(h);
    expect(sent).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    await cache.get(h); // stale: served, revalidated in the background
    await until(() => sent.length >= 2);
    await new Promise((r) => setTimeout(r, 50));
    // Copy and tenant marker, pipelined (one round trip), no Postgres read.
    expect(sent).toEqual(["get", "get"]);
    expect(src.reads()).toBe(1);
  });

  it("a load that read the old row while the key was invalidated caches nothing", async () => {
    const t = tenant();
    const h = hash();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reads = 0;
    const rows = { current: record(t) };
    const loader = async () => {
      reads++;
      const snapshot = rows.current;
      if (reads === 1) await gate; // the first read is slow and sees the row before the revocation
      return snapshot;
    };
    const redis = connect({ maxRetriesPerRequest: 1 });
    const cache = new KeyCache(redis, loader);
    const slow = cache.get(h);
    await until(() => reads === 1);
    rows.current = record(t, { revokedAt: Date.now() });
    await redis.del(`sb:apikey:${h}`);
    await cache.invalidateKey(h);
    release();
    expect((await slow)?.revokedAt).toBeNull(); // the request that started it gets its answer
    expect((await cache.get(h))?.revokedAt).not.toBeNull(); // nobody else sees the old row
    expect(await redis.get(`sb:apikey:${h}`)).toContain('"revokedAt":1');
  });
});
