import type Stripe from "stripe";
import type { PrismaClient } from "@switchboard/db";

export interface BillingConfig {
  /** Billing Meter event name, e.g. "switchboard_usage". */
  meterEventName: string;
  /** Markup on cost in basis points (1 bps = 0.01%): billed = cost × (10 000 + bps) / 10 000. */
  markupBps: number;
  /** Days between a failed payment and suspension of the tenant. */
  suspendGraceDays: number;
}

export interface BillingLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * Everything billing code needs, built once by the app (worker or web). `stripe: null` is ledger-only
 * mode: reports are recorded with status ledger_only and nothing leaves the building.
 */
export interface BillingContext {
  db: PrismaClient;
  stripe: Stripe | null;
  config: BillingConfig;
  /** Tell every gateway replica to drop its cached view of the tenant (PUBLISH sb:tenant:invalidate). */
  publishTenantInvalidation?: (tenantId: string) => Promise<void>;
  log?: BillingLogger;
}

export const TENANT_INVALIDATE_CHANNEL = "sb:tenant:invalidate";

export class BillingError extends Error {
  override readonly name = "BillingError";
  constructor(
    readonly code: "stripe_not_configured" | "tenant_not_found" | "no_billing_customer" | "invalid_event",
    message: string,
  ) {
    super(message);
  }
}
