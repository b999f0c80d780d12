/** What the gateway knows about an API key: everything the hot path needs, cached in memory and Redis. */
export interface BudgetRule {
  id: string;
  scope: "tenant" | "key";
  /** Limit in picodollars, as a decimal string (bigint does not survive JSON). */
  limitPicoUsd: string;
  period: "daily" | "weekly" | "monthly" | "total";
  enforcement: "hard" | "soft";
}

export interface KeyRecord {
  keyId: string;
  keyName: string;
  tenantId: string;
  tenantStatus: "active" | "suspended";
  suspendReason: string | null;
  /** epoch ms */
  revokedAt: number | null;
  expiresAt: number | null;
  /** Canonical ids or aliases; empty = any model. */
  allowedModels: string[];
  rpmLimit: number | null;
  tpmLimit: number | null;
  tenantRpmLimit: number | null;
  tenantTpmLimit: number | null;
  budgets: BudgetRule[];
  /** Key-level opt-in to the response cache (seconds); null = off unless the route or request asks. */
  cacheTtlSeconds: number | null;
  /** The tenant opted in to storing request and response bodies in its request log. */
  storeBodies?: boolean;
}

/**
 * The one way to build a KeyRecord, whatever its source (Postgres, the Redis copy): the same fields in
 * the same order. Records of different hidden classes flowing through the hot path made V8 throw away
 * and recompile the optimised code of every function that reads them ("wrong map" deopts, measured).
 */
export function keyRecord(r: KeyRecord): KeyRecord {
  return {
    keyId: r.keyId,
    keyName: r.keyName,
    tenantId: r.tenantId,
    tenantStatus: r.tenantStatus,
    suspendReason: r.suspendReason ?? null,
    revokedAt: r.revokedAt ?? null,
    expiresAt: r.expiresAt ?? null,
    allowedModels: r.allowedModels,
    rpmLimit: r.rpmLimit ?? null,
    tpmLimit: r.tpmLimit ?? null,
    tenantRpmLimit: r.tenantRpmLimit ?? null,
    tenantTpmLimit: r.tenantTpmLimit ?? null,
    budgets: r.budgets.map((b) => ({ id: b.id, scope: b.scope, limitPicoUsd: b.limitPicoUsd, period: b.period, enforcement: b.enforcement })),
    cacheTtlSeconds: r.cacheTtlSeconds ?? null,
    storeBodies: r.storeBodies === true,
  };
}

/** Loads a key by its SHA-256 hash from the system of record (Postgres); null when unknown. */
export type KeyLoader = (keyHash: string) => Promise<KeyRecord | null>;
