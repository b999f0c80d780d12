import type { Redis } from "ioredis";
import type { KeyLoader, KeyRecord } from "./key-record.js";

export const KEY_CACHE_PREFIX = "sb:apikey:";
export const KEY_INVALIDATION_CHANNEL = "sb:apikey:invalidate";
export const TENANT_INVALIDATION_CHANNEL = "sb:tenant:invalidate";

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
}

export const defaultKeyCacheOptions: KeyCacheOptions = {
  freshMs: 30_000,
  staleMs: 5 * 60_000,
  negativeMs: 2_000,
  redisTtlSeconds: 300,
  outageGraceMs: 15 * 60_000,
  maxEntries: 100_000,
};

/**
 * Two-level key cache (unkey-style): memory with stale-while-revalidate, then Redis, then Postgres only
 * on a cold miss. Revocation reaches every replica through Redis pub/sub, which evicts the entry here.
 */
export class KeyCache {
  private readonly mem = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<KeyRecord | null>>();

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

  /** Drop one key (pub/sub invalidation) — the next request reloads it. */
  evict(keyHash: string): void {
    this.mem.delete(keyHash);
  }

  evictTenant(tenantId: string): void {
    for (const [hash, e] of this.mem) if (e.tenantId === tenantId) this.mem.delete(hash);
  }

  size(): number {
    return this.mem.size;
  }

  private refresh(keyHash: string): Promise<KeyRecord | null> {
    let p = this.inflight.get(keyHash);
    if (!p) {
      p = this.load(keyHash).finally(() => this.inflight.delete(keyHash));
      this.inflight.set(keyHash, p);
    }
    return p;
  }

  private async load(keyHash: string): Promise<KeyRecord | null> {
    let record: KeyRecord | null | undefined;
    if (this.redis) {
      const cached = await this.redis.get(KEY_CACHE_PREFIX + keyHash);
      if (cached !== null) record = cached === "null" ? null : (JSON.parse(cached) as KeyRecord);
    }
    if (record === undefined) {
      record = await this.loader(keyHash);
      if (this.redis) {
        await this.redis.set(KEY_CACHE_PREFIX + keyHash, record ? JSON.stringify(record) : "null", "EX", record ? this.opts.redisTtlSeconds : Math.ceil(this.opts.negativeMs / 1000));
      }
    }
    const now = Date.now();
    if (this.mem.size >= this.opts.maxEntries) this.mem.delete(this.mem.keys().next().value as string);
    this.mem.set(keyHash, {
      record,
      tenantId: record?.tenantId ?? null,
      freshUntil: now + (record ? this.opts.freshMs : this.opts.negativeMs),
      staleUntil: now + (record ? this.opts.staleMs : this.opts.negativeMs),
    });
    return record;
  }
}

/**
 * Subscribe to invalidations on a dedicated connection (a subscribed ioredis connection can't run commands).
 * Web publishes a key hash on revoke/rotate/change and a tenant id on suspension/budget changes.
 */
export async function subscribeInvalidations(sub: Redis, cache: KeyCache, onTenant?: (tenantId: string) => void): Promise<void> {
  sub.on("message", (channel: string, message: string) => {
    if (channel === KEY_INVALIDATION_CHANNEL) cache.evict(message);
    else if (channel === TENANT_INVALIDATION_CHANNEL) {
      cache.evictTenant(message);
      onTenant?.(message);
    }
  });
  await sub.subscribe(KEY_INVALIDATION_CHANNEL, TENANT_INVALIDATION_CHANNEL);
}
