import { BillingError, type BillingContext } from "../context.js";

/**
 * The tenant's Stripe customer, created when billing is first set up. The idempotency key makes
 * concurrent or retried calls create one customer; the conditional update keeps the first id.
 */
export async function ensureCustomer(ctx: BillingContext, tenantId: string): Promise<string> {
  if (!ctx.stripe) throw new BillingError("stripe_not_configured", "Stripe is not configured (ledger-only mode)");
  const tenant = await ctx.db.tenant.findUnique({ where: { id: tenantId }, select: { id: true, name: true, billingEmail: true, stripeCustomerId: true } });
  if (!tenant) throw new BillingError("tenant_not_found", `tenant ${tenantId} not found`);
  if (tenant.stripeCustomerId) return tenant.stripeCustomerId;

  const customer = await ctx.stripe.customers.create(
    { name: tenant.name, email: tenant.billingEmail ?? undefined, metadata: { tenantId } },
    { idempotencyKey: `sb-customer-${tenantId}` },
  );
  await ctx.db.tenant.updateMany({ where: { id: tenantId, stripeCustomerId: null }, data: { stripeCustomerId: customer.id } });
  const after = await ctx.db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { stripeCustomerId: true } });
  return after.stripeCustomerId ?? customer.id;
}
