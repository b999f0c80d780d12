import { checkoutSessionObject } from "../stripe-objects.js";
import { audit, type HandlerArgs } from "../handler-types.js";

/** checkout.session.completed: the tenant (client_reference_id) now has a customer and a subscription. */
export async function handleCheckoutCompleted({ tx, object }: HandlerArgs<unknown>): Promise<void> {
  const s = checkoutSessionObject.parse(object);
  if (s.mode !== "subscription" || !s.customer) return;
  const tenant = s.client_reference_id
    ? await tx.tenant.findUnique({ where: { id: s.client_reference_id }, select: { id: true, stripeCustomerId: true } })
    : await tx.tenant.findUnique({ where: { stripeCustomerId: s.customer }, select: { id: true, stripeCustomerId: true } });
  if (!tenant) return;
  await tx.tenant.update({
    where: { id: tenant.id },
    data: { stripeCustomerId: tenant.stripeCustomerId ?? s.customer, ...(s.subscription ? { stripeSubscriptionId: s.subscription } : {}) },
  });
  await audit(tx, tenant.id, "billing.checkout_completed", "checkout_session", s.id, { subscription: s.subscription });
}
