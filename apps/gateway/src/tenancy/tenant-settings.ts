import type { RouteConfig } from "@switchboard/config";
import type { PrismaClient } from "@switchboard/db";
import { decryptSecret, type Keyring } from "@switchboard/keys";
import { z } from "zod";
import { GatewayError } from "../http/errors.js";

/** A tenant's own provider key (BYOK), decrypted in memory only — never cached in Redis. */
export interface TenantCredential {
  id: string;
  provider: string;
  baseUrl: string | null;
  apiKey: string;
}

export interface TenantRoute extends RouteConfig {
  /** Per target: which of the tenant's credentials to use (by target index). */
  credentialIds: Array<string | undefined>;
}

export interface TenantSettings {
  credentials: Map<string, TenantCredential>;
  /** The tenant's first credential per provider: used for plain model names. */
  byProvider: Map<string, TenantCredential>;
  routes: Map<string, TenantRoute>;
}


const targetsSchema = z.array(z.object({ model: z.string(), credentialId: z.string().optional(), weight: z.number().optional() }));
const timeoutsSchema = z.object({ requestMs: z.number().optional(), firstByteMs: z.number().optional(), attemptMs: z.number().optional() }).partial();

export type TenantSettingsLoader = (tenantId: string) => Promise<TenantSettings>;

/** Cold path: the tenant's credentials and routes from Postgres. */
export function createTenantSettingsLoader(db: PrismaClient, keyring: Keyring | null, onError: (msg: string, f: Record<string, unknown>) => void): TenantSettingsLoader {
  return async (tenantId) => {
    const [creds, policies] = await Promise.all([
      db.providerCredential.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" } }),
      db.routingPolicy.findMany({ where: { tenantId, enabled: true } }),
    ]);
    const settings: TenantSettings = { credentials: new Map(), byProvider: new Map(), routes: new Map() };
    for (const c of creds) {
      if (!keyring) {
        onError("tenant credential ignored: SECRETS_KEYRING is not set", { tenantId, credentialId: c.id });
        continue;
      }
      try {
        const apiKey = decryptSecret(Buffer.from(c.encryptedSecret).toString("utf8"), keyring, { context: `provider_credential:${c.id}` });
        const cred = { id: c.id, provider: c.provider, baseUrl: c.baseUrl, apiKey };
        settings.credentials.set(c.id, cred);
        if (!settings.byProvider.has(c.provider)) settings.byProvider.set(c.provider, cred);
      } catch {
        onError("tenant credential could not be decrypted", { tenantId, credentialId: c.id });
      }
    }
    for (const p of policies) {
      const targets = targetsSchema.safeParse(p.targets);
      const timeouts = timeoutsSchema.safeParse(p.timeouts);
      if (!targets.success || targets.data.length === 0) continue;
      const t = timeouts.success ? timeouts.data : {};
      settings.routes.set(p.name, {
        name: p.name,
        strategy: p.strategy,
        targets: targets.data.map((x) => ({ model: x.model, ...(x.weight !== undefined && { weight: x.weight }) })),
        credentialIds: targets.data.map((x) => x.credentialId),
        timeouts: { ...(t.requestMs && { total_ms: t.requestMs }), ...(t.firstByteMs && { first_token_ms: t.firstByteMs }), ...(t.attemptMs && { headers_ms: t.attemptMs }) },
        ...(p.cacheEnabled && { cache: { enabled: true, ttl_seconds: p.cacheTtlSeconds ?? 300 } }),
      });
    }
    return settings;
  };
}

/** What may be kept in Redis about a tenant's settings: its routes and whether it has BYOK keys — never the keys. */
interface PublicSettings {
  byok: boolean;
  routes: TenantRoute[];
}

const MARKER_PREFIX = "sb:tenant-settings:";
const MARKER_TTL_SECONDS = 24 * 3600;

/** Redis operations the cache needs (an ioredis client). */
export interface SettingsRedis {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, mode: "EX", seconds: number): Promise<unknown>;
}

/**
 * Per-tenant settings in memory with stale-while-revalidate; evicted by `sb:tenant:invalidate`.
 * A non-secret copy in Redis lets a replica that starts during a Postgres outage keep serving tenants
 * without BYOK keys; a BYOK tenant it cannot load fails closed (503) rather than run on platform keys.
 */
export class TenantSettingsCache {
  private readonly mem = new Map<string, { value: TenantSettings; freshUntil: number; staleUntil: number }>();
  private readonly inflight = new Map<string, Promise<TenantSettings>>();

  constructor(private readonly loader: TenantSettingsLoader, private readonly redis: SettingsRedis | null = null, private readonly freshMs = 30_000, private readonly staleMs = 10 * 60_000) {}

  async get(tenantId: string): Promise<TenantSettings> {
    const now = Date.now();
    const hit = this.mem.get(tenantId);
    if (hit && now < hit.freshUntil) return hit.value;
    if (hit && now < hit.staleUntil) {
      void this.load(tenantId).catch(() => {});
      return hit.value;
    }
    return this.load(tenantId).catch(async () => {
      // Postgres down: a tenant we knew keeps its settings; one we never saw runs on its public copy if it
      // has no BYOK keys, and fails closed otherwise (guessing would send its traffic on platform keys).
      if (hit) return hit.value;
      const pub = await this.readPublic(tenantId);
      if (pub && !pub.byok) return { credentials: new Map(), byProvider: new Map(), routes: new Map(pub.routes.map((r) => [r.name, r])) };
      throw new GatewayError(503, "Tenant settings are temporarily unavailable. Please retry.", "server_error", "tenant_settings_unavailable", null, { "retry-after": "1" });
    });
  }

  evict(tenantId: string): void {
    this.mem.delete(tenantId);
  }

  private async readPublic(tenantId: string): Promise<PublicSettings | null> {
    try {
      const v = await this.redis?.get(MARKER_PREFIX + tenantId);
      return v ? (JSON.parse(v) as PublicSettings) : null;
    } catch {
      return null;
    }
  }

  private load(tenantId: string): Promise<TenantSettings> {
    let p = this.inflight.get(tenantId);
    if (!p) {
      p = this.loader(tenantId)
        .then((value) => {
          const now = Date.now();
          this.mem.set(tenantId, { value, freshUntil: now + this.freshMs, staleUntil: now + this.staleMs });
          const pub: PublicSettings = { byok: value.credentials.size > 0, routes: [...value.routes.values()] };
          void this.redis?.set(MARKER_PREFIX + tenantId, JSON.stringify(pub), "EX", MARKER_TTL_SECONDS).catch(() => {});
          return value;
        })
        .finally(() => this.inflight.delete(tenantId));
      this.inflight.set(tenantId, p);
    }
    return p;
  }
}
