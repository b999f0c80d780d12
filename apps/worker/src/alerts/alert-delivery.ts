import { randomUUID } from "node:crypto";
import type { Pool } from "pg";
import { formatUsd, renderBudgetAlertEmail, type Mailer } from "@switchboard/email";
import type { BudgetPeriod } from "@switchboard/limits";
import type { Logger } from "../log/logger.js";
import { periodWindow, spendInPeriod, topModelsInPeriod, type BudgetRow } from "./spend.js";
import { postSlackMessage } from "./slack.js";

export type AlertChannelName = "email" | "slack";

const DELIVERED_ACTION: Record<AlertChannelName, string> = { email: "budget_alert.sent", slack: "budget_alert.slack_sent" };

/**
 * Delivery is recorded as an audit_logs row per channel: durable (unlike a Redis flag), visible in
 * the tenant's audit trail, and checked before every send. The alert-email job id is derived from
 * the alert id, so two deliveries of one alert never run at once; a retry after a failed send finds
 * no record and sends, a retry after a successful one finds the record and does not.
 */
export async function isAlertDelivered(pool: Pool, alertEventId: string, channel: AlertChannelName): Promise<boolean> {
  const res = await pool.query(
    `SELECT 1 FROM audit_logs WHERE target_type = 'alert_event' AND target_id = $1 AND action = ANY($2::text[]) LIMIT 1`,
    [alertEventId, [DELIVERED_ACTION[channel], `budget_alert.${channel}_skipped`]],
  );
  return (res.rowCount ?? 0) > 0;
}

async function recordDelivery(pool: Pool, tenantId: string, alertEventId: string, action: string, metadata: Record<string, unknown>): Promise<void> {
  await pool.query(
    `INSERT INTO audit_logs (id, tenant_id, actor_type, action, target_type, target_id, metadata)
     VALUES ($1, $2, 'system', $3, 'alert_event', $4, $5)`,
    [`aud_${randomUUID()}`, tenantId, action, alertEventId, JSON.stringify(metadata)],
  );
}

interface AlertContext {
  budget: BudgetRow;
  periodKey: string;
  threshold: number;
  recordedSpend: bigint;
  tenantName: string;
  tenantSlug: string;
  keyName: string | null;
  recipients: string[];
}

async function loadAlertContext(pool: Pool, alertEventId: string): Promise<AlertContext | null> {
  const res = await pool.query<{
    period_key: string;
    threshold: number;
    spend: string;
    budget_id: string;
    tenant_id: string;
    api_key_id: string | null;
    scope: "tenant" | "key";
    amount: string;
    period: BudgetPeriod;
    enforcement: string;
    alert_thresholds: number[] | null;
    recipients: string[] | null;
    tenant_name: string;
    slug: string;
    billing_email: string | null;
    key_name: string | null;
    owners: string[] | null;
  }>(
    `SELECT ae.period_key, ae.threshold, ae.spend_pico_usd::text AS spend,
            b.id AS budget_id, b.tenant_id, b.api_key_id, b.scope, b.amount_pico_usd::text AS amount, b.period,
            b.enforcement, b.alert_thresholds, b.recipients,
            t.name AS tenant_name, t.slug, t.billing_email, k.name AS key_name,
            (SELECT array_agg(u.email ORDER BY u.email) FROM memberships m JOIN users u ON u.id = m.user_id
              WHERE m.tenant_id = t.id AND m.role = 'owner') AS owners
     FROM alert_events ae
     JOIN budgets b ON b.id = ae.budget_id
     JOIN tenants t ON t.id = b.tenant_id
     LEFT JOIN api_keys k ON k.id = b.api_key_id
     WHERE ae.id = $1`,
    [alertEventId],
  );
  const r = res.rows[0];
  if (!r) return null;
  // Explicit recipients win; otherwise every owner plus the billing contact.
  const list = r.recipients?.length ? r.recipients : [...(r.owners ?? []), ...(r.billing_email ? [r.billing_email] : [])];
  return {
    budget: {
      id: r.budget_id,
      tenantId: r.tenant_id,
      apiKeyId: r.api_key_id,
      scope: r.scope,
      amountPicoUsd: BigInt(r.amount),
      period: r.period,
      enforcement: r.enforcement,
      alertThresholds: r.alert_thresholds ?? [],
      recipients: r.recipients ?? [],
    },
    periodKey: r.period_key,
    threshold: r.threshold,
    recordedSpend: BigInt(r.spend),
    tenantName: r.tenant_name,
    tenantSlug: r.slug,
    keyName: r.key_name,
    recipients: [...new Set(list.map((e) => e.trim().toLowerCase()).filter((e) => e.includes("@")))],
  };
}

export interface AlertDeliveryDeps {
  pool: Pool;
  mailer: Mailer;
  log: Logger;
  webUrl: string;
  slackWebhookUrl?: string;
}

export type DeliveryOutcome = "sent" | "already_delivered" | "alert_gone" | "no_recipients";

export async function deliverAlert(deps: AlertDeliveryDeps, alertEventId: string, now: Date = new Date()): Promise<DeliveryOutcome> {
  const ctx = await loadAlertContext(deps.pool, alertEventId);
  // The budget was deleted (alert events cascade): nothing left to tell anyone about.
  if (!ctx) return "alert_gone";

  const window = periodWindow(ctx.budget.period, now);
  const current = window.key === ctx.periodKey;
  // Show live spend while the period runs; a mail delivered after the period ended shows what was recorded.
  const spend = current ? await spendInPeriod(deps.pool, ctx.budget, window) : ctx.recordedSpend;
  const topModels = current ? await topModelsInPeriod(deps.pool, ctx.budget, window) : [];
  const budgetName = ctx.keyName ? `${ctx.budget.period} budget for key "${ctx.keyName}"` : `${ctx.budget.period} budget`;
  const dashboardUrl = `${deps.webUrl.replace(/\/$/, "")}/budgets?tenant=${encodeURIComponent(ctx.tenantSlug)}`;
  let outcome: DeliveryOutcome = "already_delivered";

  if (!(await isAlertDelivered(deps.pool, alertEventId, "email"))) {
    if (ctx.recipients.length === 0) {
      await recordDelivery(deps.pool, ctx.budget.tenantId, alertEventId, "budget_alert.email_skipped", { reason: "no_recipients" });
      deps.log.warn("budget alert has no recipients", { alertEventId, tenantId: ctx.budget.tenantId });
      outcome = "no_recipients";
    } else {
      const mail = renderBudgetAlertEmail({
        tenantName: ctx.tenantName,
        budgetName,
        threshold: ctx.threshold,
        spendPicoUsd: spend,
        budgetPicoUsd: ctx.budget.amountPicoUsd,
        period: ctx.budget.period,
        periodKey: ctx.periodKey,
        resetsAt: current ? window.resetsAt : null,
        enforcement: ctx.budget.enforcement,
        topModels,
        dashboardUrl,
      });
      const sent = await deps.mailer.send({ to: ctx.recipients, ...mail, headers: { "X-Switchboard-Alert": alertEventId } });
      await recordDelivery(deps.pool, ctx.budget.tenantId, alertEventId, "budget_alert.sent", {
        channel: "email",
        recipients: ctx.recipients,
        messageId: sent.messageId,
        threshold: ctx.threshold,
        periodKey: ctx.periodKey,
        spendPicoUsd: spend.toString(),
      });
      deps.log.info("budget alert sent", { alertEventId, recipients: ctx.recipients.length, threshold: ctx.threshold });
      outcome = "sent";
    }
  }

  if (deps.slackWebhookUrl && !(await isAlertDelivered(deps.pool, alertEventId, "slack"))) {
    await postSlackMessage(
      deps.slackWebhookUrl,
      `:warning: ${ctx.tenantName}: ${budgetName} at ${ctx.threshold}% (${formatUsd(spend)} of ${formatUsd(ctx.budget.amountPicoUsd)}, period ${ctx.periodKey}). ${dashboardUrl}`,
    );
    await recordDelivery(deps.pool, ctx.budget.tenantId, alertEventId, "budget_alert.slack_sent", { channel: "slack", threshold: ctx.threshold });
  }
  return outcome;
}
