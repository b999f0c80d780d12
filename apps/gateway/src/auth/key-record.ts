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

/** Loads a key by its SHA-256 hash from the system of record (Postgres); null when unknown. */
export type KeyLoader = (keyHash: string) => Promise<KeyRecord | null>;
