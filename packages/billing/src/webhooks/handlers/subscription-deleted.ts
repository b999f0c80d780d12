import { subscriptionObject } from "../stripe-objects.js";
import { audit, tenantByCustomer, type HandlerArgs } from "../handler-types.js";

/**
 * customer.subscription.deleted: forget the subscription. Usage keeps being metered to the ledger
 * (meter events without a subscription are simply not invoiced), so a re-subscribe loses nothing.
 */
export async function handleSubscriptionDeleted({ tx, object }: HandlerArgs<unknown>): Promise<void> {
  const sub = subscriptionObject.parse(object);
  const tenant = await tenantByCustomer(tx, sub.customer);
  if (!tenant) return;
  if (tenant.stripeSubscriptionId === sub.id) await tx.tenant.update({ where: { id: tenant.id }, data: { stripeSubscriptionId: null } });
  await audit(tx, tenant.id, "billing.subscription_deleted", "subscription", sub.id, { status: sub.status });
}
