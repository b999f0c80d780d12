import type { InvoiceObject } from "../stripe-objects.js";
import type { Tx } from "../handler-types.js";

/** Upserts our copy of a Stripe invoice (amounts in cents, as Stripe sends them). */
export async function mirrorInvoice(tx: Tx, tenantId: string, inv: InvoiceObject): Promise<void> {
  const data = {
    tenantId,
    status: inv.status ?? "draft",
    amountDue: BigInt(inv.amount_due),
    amountPaid: BigInt(inv.amount_paid),
    currency: inv.currency,
    hostedInvoiceUrl: inv.hosted_invoice_url ?? null,
    periodStart: new Date(inv.period_start * 1000),
    periodEnd: new Date(inv.period_end * 1000),
    createdAt: new Date(inv.created * 1000),
  };
  await tx.invoice.upsert({ where: { stripeInvoiceId: inv.id }, create: { stripeInvoiceId: inv.id, ...data }, update: data });
}
