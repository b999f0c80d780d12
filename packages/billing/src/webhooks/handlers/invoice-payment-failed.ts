import { invoiceObject } from "../stripe-objects.js";
import { audit, tenantByCustomer, type HandlerArgs } from "../handler-types.js";
import { mirrorInvoice } from "./invoice-mirror.js";

/**
 * invoice.payment_failed: record it, do not suspend yet. Stripe retries the payment (Smart Retries)
 * and the customer gets SUSPEND_GRACE_DAYS to fix their card; the periodic suspend-overdue job
 * suspends tenants whose first recorded failure is older than that and who still owe the invoice.
 */
export async function handleInvoicePaymentFailed({ tx, object }: HandlerArgs<unknown>): Promise<void> {
  const inv = invoiceObject.parse(object);
  const tenant = await tenantByCustomer(tx, inv.customer);
  if (!tenant) return;
  await mirrorInvoice(tx, tenant.id, { ...inv, status: inv.status === "paid" ? "paid" : (inv.status ?? "open") });
  await audit(tx, tenant.id, "billing.payment_failed", "invoice", inv.id, {
    amountDue: inv.amount_due,
    attemptCount: inv.attempt_count ?? null,
    nextPaymentAttempt: inv.next_payment_attempt ?? null,
  });
}
