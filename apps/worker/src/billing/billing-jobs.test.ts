import pg from "pg";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobProducer, createUsageProducer, usageEventFixture, type JobProducer } from "@switchboard/queue";
import { startStripeFake, type StripeFake } from "@switchboard/stripe-fake";
import { loadEnv } from "../env.js";
import { createLogger } from "../log/logger.js";
import { startWorkerApp, type WorkerApp } from "../app.js";
import { createTestWorkerEnv, waitFor, type TestWorkerEnv } from "../test-support/test-env.js";
import { createTenant } from "../test-support/fixtures.js";

let t: TestWorkerEnv;
let pool: pg.Pool;
let fake: StripeFake;
let stripe: Stripe;
let app: WorkerApp;
let jobs: JobProducer;

beforeAll(async () => {
  fake = await startStripeFake();
  stripe = new Stripe("sk_test_worker", { host: fake.host, port: fake.port, protocol: "http", maxNetworkRetries: 0 });
  t = await createTestWorkerEnv({ STRIPE_SECRET_KEY: "sk_test_worker", STRIPE_API_BASE: fake.url, BILLING_MARKUP_BPS: "1500" });
  pool = new pg.Pool({ connectionString: t.env.DATABASE_URL, max: 2 });
  app = await startWorkerApp(loadEnv(t.vars), createLogger("warn"));
  jobs = createJobProducer(t.env.REDIS_URL, { prefix: t.env.QUEUE_PREFIX });
});
afterAll(async () => {
  await jobs.close();
  await app.stop();
  await pool.end();
  await fake.stop();
  await t.db.drop();
});

describe("metering through the worker", () => {
  it("ingested usage of a closed window becomes one marked-up meter event; ticks do not repeat it", async () => {
    const customer = await stripe.customers.create({ name: "Metered" });
    const { tenantId } = await createTenant(pool, { stripeCustomerId: customer.id });
    const hour = new Date();
    hour.setUTCMinutes(0, 0, 0);
    const windowStart = new Date(hour.getTime() - 2 * 3_600_000);
    const producer = createUsageProducer(t.env.REDIS_URL, { prefix: t.env.QUEUE_PREFIX });
    // 10 requests at $0.10 each, 2 hours ago: $1.00 of cost, $1.15 billed with 15% markup.
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        producer.publish(
          usageEventFixture(i, {
            requestId: `m-${tenantId}-${i}`,
            tenantId,
            costPicoUsd: "100000000000",
            startedAt: new Date(windowStart.getTime() + i * 60_000).toISOString(),
          }),
        ),
      ),
    );
    await producer.close();
    await waitFor(
      async () => (await pool.query<{ n: string }>("SELECT coalesce(sum(requests),0)::text AS n FROM usage_hourly WHERE tenant_id = $1", [tenantId])).rows[0]?.n,
      (n) => n === "10",
    );

    await jobs.enqueue("meter-tick", {});
    const report = await waitFor(
      async () => (await pool.query<{ status: string; value_sent: string; identifier: string }>("SELECT status, value_sent::text, identifier FROM meter_reports WHERE tenant_id = $1", [tenantId])).rows,
      (rows) => rows.length === 1 && rows[0]?.status === "sent",
    );
    expect(report[0]).toEqual({ status: "sent", value_sent: "1150000", identifier: `sb-${tenantId}-${windowStart.toISOString()}` });

    const sent = fake.requests.filter((r) => r.path === "/v1/billing/meter_events" && !r.replayed);
    expect(sent.map((r) => r.params)).toEqual([
      expect.objectContaining({ event_name: "switchboard_usage", identifier: report[0]?.identifier, payload: { stripe_customer_id: customer.id, value: "1150000" } }),
    ]);

    // Another tick: nothing new to report, nothing sent.
    await jobs.enqueue("meter-tick", {});
    await new Promise((r) => setTimeout(r, 1_500));
    expect(fake.requests.filter((r) => r.path === "/v1/billing/meter_events")).toHaveLength(1);
  }, 60_000);
});
