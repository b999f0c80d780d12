import { subscriptionObject } from "../stripe-objects.js";
import { audit, tenantByCustomer, type HandlerArgs } from "../handler-types.js";

const LIVE = new Set(["active", "trialing", "past_due"]);

/** customer.subscription.created/updated: keep the tenant's subscription id in step with Stripe. */
export async function handleSubscriptionUpdated({ tx, object }: HandlerArgs<unknown>): Promise<void> {
  const sub = subscriptionObject.parse(object);
  const tenant = await tenantByCustomer(tx, sub.customer);
  if (!tenant) return;
  if (LIVE.has(sub.status)) {
    if (tenant.stripeSubscriptionId !== sub.id) await tx.tenant.update({ where: { id: tenant.id }, data: { stripeSubscriptionId: sub.id } });
  } else if (tenant.stripeSubscriptionId === sub.id) {
    // canceled / unpaid / incomplete_expired: no live subscription to bill usage against any more.
    await tx.tenant.update({ where: { id: tenant.id }, data: { stripeSubscriptionId: null } });
  }
  await audit(tx, tenant.id, "billing.subscription_updated", "subscription", sub.id, { status: sub.status, cancelAtPeriodEnd: sub.cancel_at_period_end ?? false });
}
