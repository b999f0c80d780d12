import { createCheckoutSession } from "@switchboard/billing";
import { billing } from "@/server/billing";
import { billingRoute } from "@/server/billing-route";

export const dynamic = "force-dynamic";

/** Starts Stripe Checkout for the pay-as-you-go subscription; answers `{ url }`. */
export const POST = billingRoute(
  (ctx, web) => createCheckoutSession(billing(), { tenantId: ctx.tenantId, successUrl: `${web}/billing?checkout=success`, cancelUrl: `${web}/billing?checkout=cancelled` }),
  "billing.checkout_started",
);
