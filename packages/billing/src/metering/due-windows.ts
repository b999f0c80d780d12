import type { BillingContext } from "../context.js";

export interface DueWindow {
  tenantId: string;
  windowStart: Date;
  windowEnd: Date;
  /** The window's cost now; part of the job id so a later correction is a new job. */
  costPicoUsd: bigint;
}

export interface DueWindowOptions {
  windowMinutes: number;
  now?: Date;
  /** Usage younger than this is not reported yet: ingestion may still be catching up. */
  settleMinutes?: number;
  /** How far back to look for unreported or grown windows (Stripe accepts 35 days). */
  lookbackHours?: number;
}

/**
 * Closed windows whose rolled-up cost exceeds what was reported for them, or that still hold an
 * unsent (pending/failed) report. Windows are aligned to multiples of windowMinutes since the epoch,
 * which for a divisor of a day means aligned to UTC midnight.
 */
export async function findDueWindows(ctx: BillingContext, opts: DueWindowOptions): Promise<DueWindow[]> {
  const win = opts.windowMinutes * 60;
  const now = (opts.now ?? new Date()).getTime() / 1000;
  const to = new Date(Math.floor((now - (opts.settleMinutes ?? 10) * 60) / win) * win * 1000);
  const from = new Date(to.getTime() - (opts.lookbackHours ?? 7 * 24) * 3_600_000);
  const rows = await ctx.db.$queryRaw<{ tenant_id: string; ws: Date; cost: string }[]>`
    WITH usage AS (
      SELECT u.tenant_id, to_timestamp(floor(extract(epoch FROM u.hour) / ${win}) * ${win}) AS ws, sum(u.cost_pico_usd) AS cost
      FROM usage_hourly u JOIN tenants t ON t.id = u.tenant_id
      WHERE u.hour >= ${from} AND u.hour < ${to}
      GROUP BY 1, 2
    ),
    reported AS (
      SELECT tenant_id, window_start AS ws, sum(cost_pico_usd) AS cost,
             bool_or(status IN ('pending', 'failed')) AS unsent
      FROM meter_reports WHERE window_start >= ${from}
      GROUP BY 1, 2
    )
    SELECT u.tenant_id, u.ws, u.cost::text AS cost
    FROM usage u LEFT JOIN reported r ON r.tenant_id = u.tenant_id AND r.ws = u.ws
    WHERE u.cost > coalesce(r.cost, 0) OR coalesce(r.unsent, false)
    ORDER BY u.ws, u.tenant_id`;
  return rows.map((r) => ({
    tenantId: r.tenant_id,
    windowStart: r.ws,
    windowEnd: new Date(r.ws.getTime() + win * 1000),
    costPicoUsd: BigInt(r.cost),
  }));
}
