import type { Db, Tx } from "../context.js";
import { startOfUtcDay } from "../period.js";

/**
 * Spend from the daily rollup since `from` (inclusive, truncated to its UTC day), per key.
 * Budget periods start on UTC day boundaries, so the daily table is exact for them.
 */
export async function spendByKeySince(db: Db | Tx, tenantId: string, from: Date, apiKeyIds?: string[]): Promise<Map<string, bigint>> {
  const rows = await db.usageDaily.groupBy({
    by: ["apiKeyId"],
    where: { tenantId, day: { gte: startOfUtcDay(from) }, ...(apiKeyIds ? { apiKeyId: { in: apiKeyIds } } : {}) },
    _sum: { costPicoUsd: true },
  });
  return new Map(rows.map((r) => [r.apiKeyId, r._sum.costPicoUsd ?? 0n]));
}

export async function tenantSpendSince(db: Db | Tx, tenantId: string, from: Date): Promise<bigint> {
  const agg = await db.usageDaily.aggregate({
    where: { tenantId, day: { gte: startOfUtcDay(from) } },
    _sum: { costPicoUsd: true },
  });
  return agg._sum.costPicoUsd ?? 0n;
}
