import { createPortalSession } from "@switchboard/billing";
import { billing } from "@/server/billing";
import { billingRoute } from "@/server/billing-route";

export const dynamic = "force-dynamic";

/** Opens the Stripe Customer Portal (payment methods, invoices); answers `{ url }`. */
export const POST = billingRoute((ctx, web) => createPortalSession(billing(), { tenantId: ctx.tenantId, returnUrl: `${web}/billing` }), "billing.portal_opened");
