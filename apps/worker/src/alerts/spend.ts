import type { Pool } from "pg";
import { computePeriodKey, periodResetAt, periodStartAt, type BudgetPeriod } from "@switchboard/limits";

/**
 * Spend source for alerts: the hourly rollups in Postgres, not the gateway's Redis counters.
 * Rollups are what invoices and the dashboard show, they survive a Redis flush, and an alert must
 * agree with the number a customer sees when they click through. Periods are UTC-aligned (from
 * packages/limits), and every period boundary is an hour boundary, so summing whole hourly rows
 * is exact. The cost: alerts trail ingestion by the budget-check debounce (seconds).
 */
export interface BudgetRow {
  id: string;
  tenantId: string;
  apiKeyId: string | null;
  scope: "tenant" | "key";
  amountPicoUsd: bigint;
  period: BudgetPeriod;
  enforcement: string;
  alertThresholds: number[];
  recipients: string[];
}

export interface PeriodWindow {
  period: BudgetPeriod;
  key: string;
  /** Inclusive start; null for a lifetime ("total") budget. */
  start: Date | null;
  resetsAt: Date | null;
}

export function periodWindow(period: BudgetPeriod, now: Date): PeriodWindow {
  return { period, key: computePeriodKey(period, now), start: periodStartAt(period, now), resetsAt: periodResetAt(period, now) };
}

export async function loadBudgets(pool: Pool, tenantId: string): Promise<BudgetRow[]> {
  const res = await pool.query<{
    id: string;
    tenant_id: string;
    api_key_id: string | null;
    scope: "tenant" | "key";
    amount_pico_usd: string;
    period: BudgetPeriod;
    enforcement: string;
    alert_thresholds: number[] | null;
    recipients: string[] | null;
  }>(
    `SELECT id, tenant_id, api_key_id, scope, amount_pico_usd::text, period, enforcement, alert_thresholds, recipients
     FROM budgets WHERE tenant_id = $1`,
    [tenantId],
  );
  return res.rows.map((r) => ({
    id: r.id,
    tenantId: r.tenant_id,
    apiKeyId: r.api_key_id,
    scope: r.scope,
    amountPicoUsd: BigInt(r.amount_pico_usd),
    period: r.period,
    enforcement: r.enforcement,
    alertThresholds: r.alert_thresholds?.length ? r.alert_thresholds : [50, 80, 100],
    recipients: r.recipients ?? [],
  }));
}

/** Filters usage_hourly rows to the budget's scope and period: $1 tenant, $2 start (nullable), $3 key (nullable). */
const SCOPE_FILTER = `tenant_id = $1 AND ($2::timestamptz IS NULL OR hour >= $2) AND ($3::text IS NULL OR api_key_id = $3)`;

function scopeParams(budget: Pick<BudgetRow, "tenantId" | "scope" | "apiKeyId">, window: PeriodWindow): unknown[] {
  return [budget.tenantId, window.start, budget.scope === "key" ? budget.apiKeyId : null];
}

export async function spendInPeriod(pool: Pool, budget: BudgetRow, window: PeriodWindow): Promise<bigint> {
  const res = await pool.query<{ s: string }>(
    `SELECT coalesce(sum(cost_pico_usd), 0)::text AS s FROM usage_hourly WHERE ${SCOPE_FILTER}`,
    scopeParams(budget, window),
  );
  return BigInt(res.rows[0]?.s ?? "0");
}

export async function topModelsInPeriod(
  pool: Pool,
  budget: BudgetRow,
  window: PeriodWindow,
  limit = 5,
): Promise<{ model: string; spendPicoUsd: bigint; requests: number }[]> {
  const res = await pool.query<{ model: string; s: string; n: string }>(
    `SELECT model, sum(cost_pico_usd)::text AS s, sum(requests)::text AS n FROM usage_hourly
     WHERE ${SCOPE_FILTER} GROUP BY model ORDER BY sum(cost_pico_usd) DESC, model LIMIT ${Math.floor(limit)}`,
    scopeParams(budget, window),
  );
  return res.rows.map((r) => ({ model: r.model || "(none)", spendPicoUsd: BigInt(r.s), requests: Number(r.n) }));
}

/** Thresholds (percent) reached by `spend`, computed in integers: spend * 100 >= amount * threshold. */
export function crossedThresholds(spend: bigint, amount: bigint, thresholds: number[]): number[] {
  if (amount <= 0n) return [];
  return [...new Set(thresholds)].filter((t) => t > 0 && spend * 100n >= amount * BigInt(t)).sort((a, b) => a - b);
}
