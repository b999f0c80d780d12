import type { Pool } from "pg";
import type { Redis } from "ioredis";
import {
  TENANT_INVALIDATE_CHANNEL,
  createStripeClient,
  ensureMeteredPrice,
  findDueWindows,
  reportUsageWindow,
  suspendOverdueTenants,
  type BillingContext,
} from "@switchboard/billing";
import { createPrismaClient } from "@switchboard/db";
import type { JobProducer } from "@switchboard/queue";
import type { Env } from "../env.js";
import type { Logger } from "../log/logger.js";
import type { JobProcessor } from "../jobs/run-job-worker.js";

export interface BillingJobsDeps {
  env: Env;
  pool: Pool;
  producer: JobProducer;
  log: Logger;
  redis: Redis;
}

export interface BillingJobs {
  mode: "stripe" | "ledger_only";
  meterTick: JobProcessor<"meter-tick">;
  meterReport: JobProcessor<"meter-report">;
  suspendOverdue: JobProcessor<"suspend-overdue">;
  close(): Promise<void>;
}

/** Metering and suspension jobs over packages/billing; ledger-only when STRIPE_SECRET_KEY is absent. */
export async function createBillingJobs(deps: BillingJobsDeps): Promise<BillingJobs> {
  const { env } = deps;
  const log = deps.log.child({ component: "billing" });
  const db = createPrismaClient(env.DATABASE_URL, { poolSize: 3, applicationName: "switchboard-worker-billing" });
  const stripe = createStripeClient({ secretKey: env.STRIPE_SECRET_KEY, apiBase: env.STRIPE_API_BASE });
  const ctx: BillingContext = {
    db,
    stripe,
    config: { meterEventName: env.STRIPE_METER_EVENT_NAME, markupBps: env.BILLING_MARKUP_BPS, suspendGraceDays: env.SUSPEND_GRACE_DAYS },
    publishTenantInvalidation: async (tenantId) => {
      // The marker makes gateways distrust cached copies of this tenant's keys even if none is listening now.
      await deps.redis.set(`sb:tenant-inval:${tenantId}`, String(Date.now()), "EX", 3600);
      await deps.redis.publish(TENANT_INVALIDATE_CHANNEL, tenantId);
    },
    log,
  };
  if (stripe) {
    // Set up the meter and price early so a misconfigured key shows in the logs at start-up; a
    // failure is not fatal (reports retry it), usage keeps being recorded meanwhile.
    await ensureMeteredPrice(stripe, env.STRIPE_METER_EVENT_NAME).then(
      (p) => log.info("stripe meter ready", { ...p }),
      (err: unknown) => log.error("stripe meter setup failed; will retry on the next report", { err }),
    );
  }

  return {
    mode: stripe ? "stripe" : "ledger_only",
    async meterTick() {
      const due = await findDueWindows(ctx, { windowMinutes: env.METER_WINDOW_MINUTES });
      for (const w of due) {
        await deps.producer.enqueue(
          "meter-report",
          { tenantId: w.tenantId, windowStart: w.windowStart.toISOString(), windowEnd: w.windowEnd.toISOString() },
          // The cost is part of the id: the same window with grown usage is a new job (a correction).
          { jobId: `meter|${w.tenantId}|${w.windowStart.toISOString()}|${w.costPicoUsd}` },
        );
      }
      if (due.length > 0) log.info("meter windows enqueued", { count: due.length });
      return { enqueued: due.length };
    },
    async meterReport(p) {
      const r = await reportUsageWindow(ctx, { tenantId: p.tenantId, windowStart: new Date(p.windowStart), windowEnd: new Date(p.windowEnd) });
      if (r.created.length || r.sent.length) log.info("meter window reported", { tenantId: p.tenantId, windowStart: p.windowStart, ...r });
      return r;
    },
    async suspendOverdue() {
      return suspendOverdueTenants(ctx);
    },
    async close() {
      await db.$disconnect();
    },
  };
}
