import { createHash } from "node:crypto";
import type { Pool } from "pg";
import type { JobProducer } from "@switchboard/queue";
import type { Logger } from "../log/logger.js";
import { crossedThresholds, loadBudgets, periodWindow, spendInPeriod } from "./spend.js";
import { isAlertDelivered } from "./alert-delivery.js";

/** Deterministic: the same budget × period × threshold always maps to the same row and job id. */
export function alertEventId(budgetId: string, periodKey: string, threshold: number): string {
  return `alrt_${createHash("sha256").update(`${budgetId}|${periodKey}|${threshold}`).digest("hex").slice(0, 24)}`;
}

export interface BudgetCheckResult {
  /** Alert events newly recorded by this run. */
  recorded: string[];
  /** Alert events handed to alert-email by this run. */
  enqueued: string[];
}

/**
 * For every budget of the tenant: spend in the current period vs its thresholds. Every crossed
 * threshold gets an AlertEvent row (the unique budget+period+threshold key makes this idempotent),
 * and the HIGHEST crossed threshold is delivered: jumping from 10% to 120% in one burst sends one
 * "100% reached" mail, not three. The highest is re-enqueued on every check until it is delivered,
 * so a crash between recording and enqueueing only delays the mail.
 */
export async function checkTenantBudgets(
  deps: { pool: Pool; producer: JobProducer; log: Logger },
  tenantId: string,
  now: Date = new Date(),
): Promise<BudgetCheckResult> {
  const result: BudgetCheckResult = { recorded: [], enqueued: [] };
  for (const budget of await loadBudgets(deps.pool, tenantId)) {
    const window = periodWindow(budget.period, now);
    const spend = await spendInPeriod(deps.pool, budget, window);
    const crossed = crossedThresholds(spend, budget.amountPicoUsd, budget.alertThresholds);
    if (crossed.length === 0) continue;

    const ids = crossed.map((t) => alertEventId(budget.id, window.key, t));
    const inserted = await deps.pool.query<{ id: string }>(
      `INSERT INTO alert_events (id, budget_id, period_key, threshold, spend_pico_usd, channel)
       SELECT id, $2, $3, threshold, $4, 'email' FROM unnest($1::text[], $5::int[]) AS t(id, threshold)
       ON CONFLICT (budget_id, period_key, threshold) DO NOTHING
       RETURNING id`,
      [ids, budget.id, window.key, spend.toString(), crossed],
    );
    result.recorded.push(...inserted.rows.map((r) => r.id));

    const highest = ids[ids.length - 1];
    if (highest && !(await isAlertDelivered(deps.pool, highest, "email"))) {
      await deps.producer.enqueue("alert-email", { alertEventId: highest }, { jobId: `alert-email:${highest}` });
      result.enqueued.push(highest);
      deps.log.info("budget threshold crossed", { tenantId, budgetId: budget.id, period: window.key, threshold: crossed.at(-1), spend: spend.toString() });
    }
  }
  return result;
}
