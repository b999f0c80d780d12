import type { PrismaClient } from "@switchboard/db";
import { keyRecord, type BudgetRule, type KeyLoader } from "./key-record.js";

/** Cold-miss loader: the only place the gateway touches Postgres. */
export function createKeyLoader(db: PrismaClient): KeyLoader {
  return async (keyHash) => {
    const key = await db.apiKey.findUnique({
      where: { keyHash },
      include: { tenant: { include: { budgets: true } } },
    });
    if (!key) return null;
    const budgets: BudgetRule[] = key.tenant.budgets
      .filter((b) => b.scope === "tenant" || b.apiKeyId === key.id)
      .map((b) => ({ id: b.id, scope: b.scope, limitPicoUsd: b.amountPicoUsd.toString(), period: b.period, enforcement: b.enforcement }));
    return keyRecord({
      keyId: key.id,
      keyName: key.name,
      tenantId: key.tenantId,
      tenantStatus: key.tenant.status,
      suspendReason: key.tenant.suspendReason,
      revokedAt: key.revokedAt?.getTime() ?? null,
      expiresAt: key.expiresAt?.getTime() ?? null,
      allowedModels: key.allowedModels,
      rpmLimit: key.rpmLimit,
      tpmLimit: key.tpmLimit,
      tenantRpmLimit: key.tenant.rpmLimit,
      tenantTpmLimit: key.tenant.tpmLimit,
      budgets,
      cacheTtlSeconds: key.cacheTtlSeconds,
      storeBodies: key.tenant.storeRequestBodies,
    });
  };
}
