import { invoiceObject } from "../stripe-objects.js";
import { audit, tenantByCustomer, type HandlerArgs } from "../handler-types.js";
import { mirrorInvoice } from "./invoice-mirror.js";

/** invoice.paid: mirror it; a tenant suspended for non-payment with nothing left unpaid is reactivated. */
export async function handleInvoicePaid({ tx, object, after }: HandlerArgs<unknown>): Promise<void> {
  const inv = invoiceObject.parse(object);
  const tenant = await tenantByCustomer(tx, inv.customer);
  if (!tenant) return;
  await mirrorInvoice(tx, tenant.id, { ...inv, status: "paid" });
  await audit(tx, tenant.id, "billing.invoice_paid", "invoice", inv.id, { amountPaid: inv.amount_paid, currency: inv.currency });

  if (tenant.status === "suspended" && tenant.suspendReason === "payment_failed") {
    const stillUnpaid = await tx.invoice.count({ where: { tenantId: tenant.id, status: { in: ["open", "uncollectible"] } } });
    if (stillUnpaid === 0) {
      await tx.tenant.update({ where: { id: tenant.id }, data: { status: "active", suspendedAt: null, suspendReason: null } });
      await audit(tx, tenant.id, "tenant.reactivated", "tenant", tenant.id, { reason: "invoice_paid", invoice: inv.id });
      after.invalidateTenants.push(tenant.id);
    }
  }
}
