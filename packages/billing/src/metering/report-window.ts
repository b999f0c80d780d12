import type { BillingContext } from "../context.js";
import { ensureMeteredPrice } from "../stripe/metered-price.js";
import { applyMarkup, meterIdentifier, unitsToSend } from "./meter-value.js";

export interface ReportWindowInput {
  tenantId: string;
  windowStart: Date;
  windowEnd: Date;
}

export interface ReportWindowResult {
  /** Reports created by this call (a correction adds one; an unchanged window adds none). */
  created: string[];
  /** Reports sent to Stripe by this call (new ones and earlier failures). */
  sent: string[];
  ledgerOnly: string[];
}

interface ReportRow {
  id: string;
  identifier: string;
  valueSent: bigint;
  status: string;
}

/**
 * Meters one tenant's usage in one window. The window's cost comes from usage_hourly; what was
 * already reported for the window is subtracted, so re-running is a no-op and late events become a
 * correction report (identifier `…-r1`) rather than a re-send. Each report is written to the ledger
 * (MeterReport) BEFORE anything is sent, with a deterministic identifier that is also the Stripe
 * meter event identifier and Idempotency-Key: a crash after sending and before marking "sent" is
 * retried as the very same request and Stripe de-duplicates it.
 */
export async function reportUsageWindow(ctx: BillingContext, input: ReportWindowInput): Promise<ReportWindowResult> {
  const result: ReportWindowResult = { created: [], sent: [], ledgerOnly: [] };
  const { tenantId, windowStart, windowEnd } = input;

  const tenant = await ctx.db.tenant.findUnique({ where: { id: tenantId }, select: { stripeCustomerId: true } });
  if (!tenant) return result;

  const created = await ctx.db.$transaction(async (tx) => {
    // One writer per tenant: the carried remainder depends on every earlier report of the tenant.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('meter_reports:' || ${tenantId}))`;
    const [usage] = await tx.$queryRaw<{ cost: string }[]>`
      SELECT coalesce(sum(cost_pico_usd), 0)::text AS cost FROM usage_hourly
      WHERE tenant_id = ${tenantId} AND hour >= ${windowStart} AND hour < ${windowEnd}`;
    const [prior] = await tx.$queryRaw<{ reported: string; n: number; billed: string; units: string }[]>`
      SELECT
        coalesce(sum(cost_pico_usd) FILTER (WHERE window_start = ${windowStart}), 0)::text AS reported,
        (count(*) FILTER (WHERE window_start = ${windowStart}))::int AS n,
        coalesce(sum(billed_pico_usd), 0)::text AS billed,
        coalesce(sum(value_sent), 0)::text AS units
      FROM meter_reports WHERE tenant_id = ${tenantId}`;
    const delta = BigInt(usage?.cost ?? "0") - BigInt(prior?.reported ?? "0");
    // Usage only grows (events are never removed from rollups), so a non-positive delta means done.
    if (delta <= 0n) return null;
    const billed = applyMarkup(delta, ctx.config.markupBps);
    const units = unitsToSend(BigInt(prior?.billed ?? "0"), BigInt(prior?.units ?? "0"), billed);
    const ledgerOnly = !ctx.stripe || !tenant.stripeCustomerId || units === 0n;
    return tx.meterReport.create({
      data: {
        tenantId,
        windowStart,
        windowEnd,
        identifier: meterIdentifier(tenantId, windowStart, prior?.n ?? 0),
        costPicoUsd: delta,
        markupBps: ctx.config.markupBps,
        billedPicoUsd: billed,
        valueSent: units,
        status: ledgerOnly ? "ledger_only" : "pending",
        error: ledgerOnly ? (!ctx.stripe ? "ledger-only mode" : !tenant.stripeCustomerId ? "tenant has no Stripe customer" : "below one meter unit; carried") : null,
      },
      select: { id: true, identifier: true, status: true },
    });
  });
  if (created) {
    result.created.push(created.identifier);
    if (created.status === "ledger_only") result.ledgerOnly.push(created.identifier);
  }

  // Send every unsent report of this window: the one just written and any earlier failure.
  const unsent: ReportRow[] = await ctx.db.meterReport.findMany({
    where: { tenantId, windowStart, status: { in: ["pending", "failed"] } },
    select: { id: true, identifier: true, valueSent: true, status: true },
    orderBy: { createdAt: "asc" },
  });
  if (unsent.length === 0 || !ctx.stripe || !tenant.stripeCustomerId) return result;
  const stripe = ctx.stripe;
  const customer = tenant.stripeCustomerId;
  await ensureMeteredPrice(stripe, ctx.config.meterEventName);
  // Stripe takes events up to 35 days old and 5 minutes ahead; the window's last second is in range.
  const timestamp = Math.min(Math.floor(windowEnd.getTime() / 1000) - 1, Math.floor(Date.now() / 1000));

  for (const report of unsent) {
    try {
      await stripe.billing.meterEvents.create(
        {
          event_name: ctx.config.meterEventName,
          identifier: report.identifier,
          timestamp,
          payload: { stripe_customer_id: customer, value: report.valueSent.toString() },
        },
        { idempotencyKey: report.identifier },
      );
    } catch (err) {
      // Stripe already holds an event with this identifier (sent before a crash): it is delivered.
      const code = (err as { code?: string }).code;
      if (code !== "resource_already_exists") {
        await ctx.db.meterReport.update({ where: { id: report.id }, data: { status: "failed", error: String((err as Error).message).slice(0, 500) } });
        throw err;
      }
    }
    await ctx.db.meterReport.update({
      where: { id: report.id },
      data: { status: "sent", sentAt: new Date(), stripeEventId: report.identifier, error: null },
    });
    result.sent.push(report.identifier);
  }
  return result;
}
