import type { Redis } from "ioredis";
import { keyRecord, type KeyLoader, type KeyRecord } from "./key-record.js";

export const KEY_CACHE_PREFIX = "sb:apikey:";
export const KEY_INVALIDATION_CHANNEL = "sb:apikey:invalidate";
export const TENANT_INVALIDATION_CHANNEL = "sb:tenant:invalidate";
/**
 * `sb:tenant-inval:<tenantId>` = epoch ms of the tenant's last invalidation. Redis copies of that tenant's
 * keys loaded before it are treated as misses, so a suspension or budget change also reaches copies the
 * publisher did not delete (it only knows the tenant id, not the key hashes).
 */
export const TENANT_INVALIDATION_MARKER_PREFIX = "sb:tenant-inval:";

/** The Redis copy: the record plus when its source read started (epoch ms). */
type StoredRecord = KeyRecord & { loadedAt?: number };

/** A load under way; an invalidation marks it stale so it neither caches nor is joined by later requests. */
interface Load {
  promise: Promise<KeyRecord | null>;
  stale: boolean;
}

interface Entry {
  record: KeyRecord | null;
  /** Served without revalidation until then. */
  freshUntil: number;
  /** Served (while revalidating in the background) until then; after it, a lookup waits for the source. */
  staleUntil: number;
  tenantId: string | null;
}

export interface KeyCacheOptions {
  freshMs: number;
  staleMs: number;
  /** Unknown keys are remembered briefly so junk keys cannot hammer Redis/Postgres. */
  negativeMs: number;
  /** Redis copy TTL. */
  redisTtlSeconds: number;
  /** When Redis is down, keys already in memory keep being served for this long past staleUntil. */
  outageGraceMs: number;
  maxEntries: number;
  /** Tolerated clock difference between replicas when comparing a Redis copy's age with a tenant marker. */
  clockSkewMs: number;
}

export const defaultKeyCacheOptions: KeyCacheOptions = {
  freshMs: 30_000,
  staleMs: 5 * 60_000,
  negativeMs: 2_000,
  redisTtlSeconds: 300,
  outageGraceMs: 15 * 60_000,
  maxEntries: 100_000,
  clockSkewMs: 1_000,
};

/**
 * Two-level key cache (unkey-style): memory with stale-while-revalidate, then Redis, then Postgres only
 * on a cold miss. Revocation reaches every replica through Redis pub/sub, which evicts the entry here.
 * A fresh memory hit costs no round trip; a miss costs one (two when the key's tenant is not known yet).
 */
export class KeyCache {
  private readonly mem = new Map<string, Entry>();
  private readonly inflight = new Map<string, Load>();

  constructor(
    private readonly redis: Redis | null,
    private readonly loader: KeyLoader,
    private readonly opts: KeyCacheOptions = defaultKeyCacheOptions,
  ) {}

  async get(keyHash: string): Promise<KeyRecord | null> {
    const now = Date.now();
    const hit = this.mem.get(keyHash);
    if (hit) {
      if (now < hit.freshUntil) return hit.record;
      if (now < hit.staleUntil) {
        void this.refresh(keyHash).catch(() => {});
        return hit.record;
      }
    }
    try {
      return await this.refresh(keyHash);
    } catch (err) {
      // Source unavailable (Redis/Postgres outage): keep serving a key we already know, for a bounded window.
      if (hit && hit.record && now < hit.staleUntil + this.opts.outageGraceMs) return hit.record;
      throw err;
    }
  }

  /** Drop one key from memory only. */
  evict(keyHash: string): void {
    this.mem.delete(keyHash);
  }

  /** Drop a tenant's keys from memory only. */
  evictTenant(tenantId: string): void {
    for (const [hash, e] of this.mem) if (e.tenantId === tenantId) this.mem.delete(hash);
  }

  /**
   * A key changed (pub/sub): forget it here, and make sure no load that read the old row before the
   * change can cache it. The publisher already deleted the Redis copy; deleting it again (after any
   * SET of ours already sent on this connection) covers a load of ours that raced with that delete.
   */
  async invalidateKey(keyHash: string): Promise<void> {
    this.mem.delete(keyHash);
    const load = this.inflight.get(keyHash);
    if (load) {
      load.stale = true;
      this.inflight.delete(keyHash);
    }
    if (this.redis) await this.redis.del(KEY_CACHE_PREFIX + keyHash);
  }

  /**
   * A tenant changed (suspension, limits, budgets): forget its keys here and record the time in Redis so
   * the Redis copies of its keys (which the publisher cannot name) are treated as misses everywhere.
   * Commands on one connection run in order, so every lookup this replica sends after this sees the marker.
   */
  async invalidateTenant(tenantId: string): Promise<void> {
    this.evictTenant(tenantId);
    // The tenant of a key still loading is unknown: none of them may cache what they read.
    for (const load of this.inflight.values()) load.stale = true;
    this.inflight.clear();
    if (this.redis) {
      await this.redis.set(TENANT_INVALIDATION_MARKER_PREFIX + tenantId, String(Date.now()), "EX", this.opts.redisTtlSeconds + 60);
    }
  }

  /** After a lost subscription (messages may have been missed), revalidate everything before serving it fresh. */
  expireAll(): void {
    for (const e of this.mem.values()) e.freshUntil = 0;
  }

  size(): number {
    return this.mem.size;
  }

  private refresh(keyHash: string): Promise<KeyRecord | null> {
    const existing = this.inflight.get(keyHash);
    if (existing) return existing.promise;
    const knownTenant = this.mem.get(keyHash)?.tenantId ?? null;
    const load: Load = { promise: Promise.resolve(null), stale: false };
    load.promise = this.load(keyHash, knownTenant, load).finally(() => {
      if (this.inflight.get(keyHash) === load) this.inflight.delete(keyHash);
    });
    this.inflight.set(keyHash, load);
    return load.promise;
  }

  private async load(keyHash: string, knownTenant: string | null, load: Load): Promise<KeyRecord | null> {
    let record: KeyRecord | null | undefined;
    if (this.redis) record = await this.readRedis(keyHash, knownTenant);
    if (record === undefined) {
      // Stamped before the read: a copy whose read may predate a tenant invalidation must lose against its marker.
      const loadedAt = Date.now();
      record = await this.loader(keyHash);
      // Invalidated while reading: answer the request that started it, but cache nothing that may be old.
      if (load.stale) return record;
      if (this.redis) {
        const value = record ? JSON.stringify({ ...record, loadedAt } satisfies StoredRecord) : "null";
        await this.redis.set(KEY_CACHE_PREFIX + keyHash, value, "EX", record ? this.opts.redisTtlSeconds : Math.ceil(this.opts.negativeMs / 1000));
      }
    }
    if (load.stale) return record;
    const now = Date.now();
    if (this.mem.size >= this.opts.maxEntries && !this.mem.has(keyHash)) this.mem.delete(this.mem.keys().next().value as string);
    this.mem.set(keyHash, {
      record,
      tenantId: record?.tenantId ?? null,
      freshUntil: now + (record ? this.opts.freshMs : this.opts.negativeMs),
      staleUntil: now + (record ? this.opts.staleMs : this.opts.negativeMs),
    });
    return record;
  }

  /** The Redis copy, or undefined when there is none or it predates its tenant's last invalidation. */
  private async readRedis(keyHash: string, knownTenant: string | null): Promise<KeyRecord | null | undefined> {
    const redis = this.redis!;
    let cached: string | null;
    let marker: string | null = null;
    if (knownTenant) {
      // Revalidating a key we know: copy and tenant marker in one round trip.
      const res = await redis.pipeline().get(KEY_CACHE_PREFIX + keyHash).get(TENANT_INVALIDATION_MARKER_PREFIX + knownTenant).exec();
      const [a, b] = res ?? [];
      if (a?.[0]) throw a[0];
      if (b?.[0]) throw b[0];
      cached = a?.[1] as string | null;
      marker = b?.[1] as string | null;
    } else {
      cached = await redis.get(KEY_CACHE_PREFIX + keyHash);
    }
    if (cached === null) return undefined;
    if (cached === "null") return null;
    const stored = JSON.parse(cached) as StoredRecord;
    const loadedAt = stored.loadedAt;
    const record = keyRecord(stored);
    if (record.tenantId !== knownTenant) marker = await redis.get(TENANT_INVALIDATION_MARKER_PREFIX + record.tenantId);
    if (marker !== null && (loadedAt ?? 0) <= Number(marker) + this.opts.clockSkewMs) return undefined;
    return record;
  }
}

/**
 * Subscribe to invalidations on a dedicated connection (a subscribed ioredis connection can't run commands).
 * Web publishes a key hash on revoke/rotate/change and a tenant id on suspension/budget changes.
 */
export async function subscribeInvalidations(sub: Redis, cache: KeyCache, onTenant?: (tenantId: string) => void, onError?: (err: unknown) => void): Promise<void> {
  const report = (err: unknown) => onError?.(err);
  sub.on("message", (channel: string, message: string) => {
    if (channel === KEY_INVALIDATION_CHANNEL) cache.invalidateKey(message).catch(report);
    else if (channel === TENANT_INVALIDATION_CHANNEL) {
      cache.invalidateTenant(message).catch(report);
      onTenant?.(message);
    }
  });
  // Subscribe only once the connection is ready: ioredis (5.11) writes SUBSCRIBE during its connect handshake
  // (it is valid while Redis loads), which makes its own INFO ready check fail; the connection then reconnects
  // without the subscription and this replica silently stops hearing revocations.
  if (sub.status !== "ready") await new Promise<void>((resolve) => sub.once("ready", () => resolve()));
  await sub.subscribe(KEY_INVALIDATION_CHANNEL, TENANT_INVALIDATION_CHANNEL);
  // Messages published while the subscription was down are lost: after a reconnect nothing in memory is trusted fresh.
  // Registered after the first subscribe, so every "ready" from here on is a reconnect.
  sub.on("ready", () => cache.expireAll());
}
