import "server-only";
import { createStripeClient, TENANT_INVALIDATE_CHANNEL, type BillingContext } from "@switchboard/billing";
import { env } from "@/env";
import { db } from "./db";
import { redis } from "./redis";

const g = globalThis as unknown as { sbBilling?: BillingContext };

/** The web app's billing context: ledger-only (`stripe: null`) without STRIPE_SECRET_KEY. */
export function billing(): BillingContext {
  if (g.sbBilling) return g.sbBilling;
  const e = env();
  g.sbBilling = {
    db: db(),
    stripe: createStripeClient({ secretKey: e.STRIPE_SECRET_KEY, apiBase: e.STRIPE_API_BASE }),
    config: { meterEventName: e.STRIPE_METER_EVENT_NAME, markupBps: e.BILLING_MARKUP_BPS, suspendGraceDays: e.SUSPEND_GRACE_DAYS },
    publishTenantInvalidation: async (tenantId) => {
      await redis().publish(TENANT_INVALIDATE_CHANNEL, tenantId);
    },
  };
  return g.sbBilling;
}
