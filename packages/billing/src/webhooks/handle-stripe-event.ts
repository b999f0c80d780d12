import { BillingError, type BillingContext } from "../context.js";
import { stripeEventEnvelope } from "./stripe-objects.js";
import type { AfterCommit, HandlerArgs } from "./handler-types.js";
import { handleInvoicePaid } from "./handlers/invoice-paid.js";
import { handleInvoicePaymentFailed } from "./handlers/invoice-payment-failed.js";
import { handleSubscriptionUpdated } from "./handlers/subscription-updated.js";
import { handleSubscriptionDeleted } from "./handlers/subscription-deleted.js";
import { handleCheckoutCompleted } from "./handlers/checkout-completed.js";

type Handler = (args: HandlerArgs<unknown>) => Promise<void>;

/** One file per event type; an event type not listed is acknowledged and ignored. */
const HANDLERS: Record<string, Handler> = {
  "invoice.paid": handleInvoicePaid,
  "invoice.payment_failed": handleInvoicePaymentFailed,
  "customer.subscription.created": handleSubscriptionUpdated,
  "customer.subscription.updated": handleSubscriptionUpdated,
  "customer.subscription.deleted": handleSubscriptionDeleted,
  "checkout.session.completed": handleCheckoutCompleted,
};

export type HandleResult = "processed" | "duplicate" | "ignored";

/**
 * Handles a Stripe event whose signature the caller has ALREADY verified
 * (`stripe.webhooks.constructEvent` in the web app's webhook route).
 *
 * Idempotent on event id: the StripeEvent row is inserted in the same transaction as the handler's
 * writes. A replayed event finds the row and does nothing; a handler that throws rolls the row back
 * too, so Stripe's retry of that event is handled again rather than skipped. Two concurrent
 * deliveries of one event serialise on the primary key. Redis invalidations go out after commit.
 */
export async function handleStripeEvent(ctx: BillingContext, event: unknown): Promise<HandleResult> {
  const parsed = stripeEventEnvelope.safeParse(event);
  if (!parsed.success) throw new BillingError("invalid_event", `not a Stripe event: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  const { id, type, data } = parsed.data;
  const handler = HANDLERS[type];
  const after: AfterCommit = { invalidateTenants: [] };

  const result = await ctx.db.$transaction(async (tx) => {
    const inserted = await tx.$executeRaw`INSERT INTO stripe_events (id, type) VALUES (${id}, ${type}) ON CONFLICT (id) DO NOTHING`;
    if (inserted === 0) return "duplicate" as const;
    if (!handler) return "ignored" as const;
    await handler({ ctx, tx, object: data.object, eventId: id, after });
    return "processed" as const;
  });

  for (const tenantId of after.invalidateTenants) {
    await ctx.publishTenantInvalidation?.(tenantId).catch((err: unknown) => ctx.log?.warn("tenant invalidation publish failed", { tenantId, err }));
  }
  ctx.log?.info("stripe event handled", { eventId: id, type, result });
  return result;
}
