import { BillingError, type BillingContext } from "../context.js";
import { ensureCustomer } from "../customers/ensure-customer.js";
import { ensureMeteredPrice } from "../stripe/metered-price.js";

/**
 * A Checkout session subscribing the tenant to the pay-as-you-go metered price. The tenant id
 * travels as client_reference_id and metadata, so checkout.session.completed links it back.
 */
export async function createCheckoutSession(
  ctx: BillingContext,
  input: { tenantId: string; successUrl: string; cancelUrl: string },
): Promise<{ id: string; url: string }> {
  if (!ctx.stripe) throw new BillingError("stripe_not_configured", "Stripe is not configured (ledger-only mode)");
  const customer = await ensureCustomer(ctx, input.tenantId);
  const { priceId } = await ensureMeteredPrice(ctx.stripe, ctx.config.meterEventName);
  const session = await ctx.stripe.checkout.sessions.create({
    mode: "subscription",
    customer,
    client_reference_id: input.tenantId,
    line_items: [{ price: priceId }],
    success_url: input.successUrl,
    cancel_url: input.cancelUrl,
    metadata: { tenantId: input.tenantId },
    subscription_data: { metadata: { tenantId: input.tenantId } },
  });
  if (!session.url) throw new Error("Stripe returned a checkout session without a url");
  return { id: session.id, url: session.url };
}

/** A Customer Portal session (payment methods, invoices, cancel) for a tenant that has a customer. */
export async function createPortalSession(ctx: BillingContext, input: { tenantId: string; returnUrl: string }): Promise<{ url: string }> {
  if (!ctx.stripe) throw new BillingError("stripe_not_configured", "Stripe is not configured (ledger-only mode)");
  const tenant = await ctx.db.tenant.findUnique({ where: { id: input.tenantId }, select: { stripeCustomerId: true } });
  if (!tenant) throw new BillingError("tenant_not_found", `tenant ${input.tenantId} not found`);
  if (!tenant.stripeCustomerId) throw new BillingError("no_billing_customer", "billing is not set up for this tenant yet");
  const session = await ctx.stripe.billingPortal.sessions.create({ customer: tenant.stripeCustomerId, return_url: input.returnUrl });
  return { url: session.url };
}

export interface InvoiceSummary {
  stripeInvoiceId: string;
  status: string;
  /** Minor units (cents) as Stripe states them: the one place amounts are rounded. */
  amountDueCents: bigint;
  amountPaidCents: bigint;
  currency: string;
  hostedInvoiceUrl: string | null;
  periodStart: Date;
  periodEnd: Date;
  createdAt: Date;
}

/**
 * The tenant's invoices from our mirror (kept current by invoice.* webhooks): fast, works in
 * ledger-only mode and never leaks another tenant's invoices since it filters by tenant id.
 */
export async function listInvoices(ctx: BillingContext, tenantId: string, limit = 24): Promise<InvoiceSummary[]> {
  const rows = await ctx.db.invoice.findMany({ where: { tenantId }, orderBy: { createdAt: "desc" }, take: limit });
  return rows.map((r) => ({
    stripeInvoiceId: r.stripeInvoiceId,
    status: r.status,
    amountDueCents: r.amountDue,
    amountPaidCents: r.amountPaid,
    currency: r.currency,
    hostedInvoiceUrl: r.hostedInvoiceUrl,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    createdAt: r.createdAt,
  }));
}
