import { Prisma } from "@switchboard/db";
import type { Db, Tx } from "../context.js";
import { addUtcDays, startOfUtcDay } from "../period.js";
import { usageRowsSql } from "./source.js";

/** Far enough ahead to include everything recorded so far. */
const untilTomorrow = () => addUtcDays(startOfUtcDay(new Date()), 1);

/**
 * Spend since `from` (inclusive, truncated to its UTC day), per key: the daily rollup plus the
 * hourly rows it has not caught up with (see usage/source.ts). Budget periods start on UTC day
 * boundaries, so this is exact for them.
 */
export async function spendByKeySince(db: Db | Tx, tenantId: string, from: Date, apiKeyIds?: string[]): Promise<Map<string, bigint>> {
  const scope = { tenantId, from: startOfUtcDay(from), toExclusive: untilTomorrow(), ...(apiKeyIds ? { apiKeyIds } : {}) };
  const rows = await db.$queryRaw<Array<{ apiKeyId: string; cost: bigint }>>(
    Prisma.sql`SELECT api_key_id AS "apiKeyId", COALESCE(SUM(cost_pico_usd), 0)::bigint AS cost FROM ${usageRowsSql(scope)} GROUP BY api_key_id`,
  );
  return new Map(rows.map((r) => [r.apiKeyId, r.cost]));
}

export async function tenantSpendSince(db: Db | Tx, tenantId: string, from: Date): Promise<bigint> {
  const scope = { tenantId, from: startOfUtcDay(from), toExclusive: untilTomorrow() };
  const [row] = await db.$queryRaw<Array<{ cost: bigint }>>(Prisma.sql`SELECT COALESCE(SUM(cost_pico_usd), 0)::bigint AS cost FROM ${usageRowsSql(scope)}`);
  return row?.cost ?? 0n;
}
