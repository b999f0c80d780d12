import type { BillingContext } from "../context.js";

export interface SuspendResult {
  suspended: string[];
}

/**
 * Suspends active tenants that still owe an invoice whose first payment failure was recorded more
 * than suspendGraceDays ago. Runs periodically (suspend-overdue job). Each suspension is audited and
 * announced on sb:tenant:invalidate so every gateway replica starts refusing the tenant's keys.
 */
export async function suspendOverdueTenants(ctx: BillingContext, now: Date = new Date()): Promise<SuspendResult> {
  const cutoff = new Date(now.getTime() - ctx.config.suspendGraceDays * 86_400_000);
  const due = await ctx.db.$queryRaw<{ tenant_id: string; invoice_id: string; first_failed: Date }[]>`
    SELECT t.id AS tenant_id, i.stripe_invoice_id AS invoice_id, min(a.created_at) AS first_failed
    FROM tenants t
    JOIN invoices i ON i.tenant_id = t.id AND i.status IN ('open', 'uncollectible')
    JOIN audit_logs a ON a.tenant_id = t.id AND a.action = 'billing.payment_failed'
                     AND a.target_type = 'invoice' AND a.target_id = i.stripe_invoice_id
    WHERE t.status = 'active'
    GROUP BY t.id, i.stripe_invoice_id
    HAVING min(a.created_at) <= ${cutoff}`;

  const suspended: string[] = [];
  for (const row of due) {
    if (suspended.includes(row.tenant_id)) continue;
    const changed = await ctx.db.$transaction(async (tx) => {
      // Conditional on still being active: a concurrent run or an invoice.paid wins cleanly.
      const res = await tx.tenant.updateMany({
        where: { id: row.tenant_id, status: "active" },
        data: { status: "suspended", suspendedAt: now, suspendReason: "payment_failed" },
      });
      if (res.count === 0) return false;
      await tx.auditLog.create({
        data: {
          tenantId: row.tenant_id,
          actorType: "system",
          action: "tenant.suspended",
          targetType: "tenant",
          targetId: row.tenant_id,
          metadata: { reason: "payment_failed", invoice: row.invoice_id, firstFailedAt: row.first_failed.toISOString(), graceDays: ctx.config.suspendGraceDays },
        },
      });
      return true;
    });
    if (!changed) continue;
    suspended.push(row.tenant_id);
    await ctx.publishTenantInvalidation?.(row.tenant_id);
    ctx.log?.info("tenant suspended for non-payment", { tenantId: row.tenant_id, invoice: row.invoice_id });
  }
  return { suspended };
}
