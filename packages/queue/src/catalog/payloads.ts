import { z } from "zod";

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD (UTC day)");

/** Recompute UsageDaily for the given UTC days; absent = yesterday and today. */
export const rollupDailyPayload = z.object({ days: z.array(isoDay).max(400).optional() });

/** Delete raw request logs older than `days` (absent = the worker's RETENTION_DAYS). */
export const retentionPayload = z.object({ days: z.number().int().positive().optional() });

/** Periodic: find closed metering windows with usage and fan out one meter-report job each. */
export const meterTickPayload = z.object({});

/** Report one tenant's usage for one window [windowStart, windowEnd) to Stripe (or the ledger). */
export const meterReportPayload = z.object({
  tenantId: z.string().min(1),
  windowStart: z.iso.datetime({ offset: true }),
  windowEnd: z.iso.datetime({ offset: true }),
});

/** Compare a tenant's spend in every budget's current period with its alert thresholds. */
export const budgetCheckPayload = z.object({ tenantId: z.string().min(1) });

/** Deliver one AlertEvent (already recorded, so a retry never creates a second alert). */
export const alertEmailPayload = z.object({ alertEventId: z.string().min(1) });

/** Periodic: suspend tenants whose payment failed more than SUSPEND_GRACE_DAYS ago. */
export const suspendOverduePayload = z.object({});
