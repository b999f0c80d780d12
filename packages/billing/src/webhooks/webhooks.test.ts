import { Redis } from "ioredis";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type PrismaClient } from "@switchboard/db";
import { startStripeFake, type StripeFake } from "@switchboard/stripe-fake";
import { createTestDatabase, createTestRedis, type TestDatabase } from "@switchboard/testing";
import { TENANT_INVALIDATE_CHANNEL, type BillingContext } from "../context.js";
import { createCheckoutSession, createPortalSession, listInvoices } from "../dashboard/sessions.js";
import { suspendOverdueTenants } from "../suspension/suspend-overdue.js";
import { createTenant } from "../test-fixtures.js";
import { handleStripeEvent } from "./handle-stripe-event.js";

let db: PrismaClient;
let tdb: TestDatabase;
let fake: StripeFake;
let stripe: Stripe;
let ctx: BillingContext;
let pub: Redis;
let sub: Redis;
const invalidated: string[] = [];
// Unique per run: the channel is shared by every test file on this Redis.
const channel = `${createTestRedis().prefix}${TENANT_INVALIDATE_CHANNEL}`;

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = createPrismaClient(tdb.url, { poolSize: 3 });
  fake = await startStripeFake();
  stripe = new Stripe("sk_test_hooks", { host: fake.host, port: fake.port, protocol: "http", maxNetworkRetries: 0 });
  const url = createTestRedis().url;
  pub = new Redis(url);
  sub = new Redis(url);
  await sub.subscribe(channel);
  sub.on("message", (_c, msg: string) => invalidated.push(msg));
  ctx = {
    db,
    stripe,
    config: { meterEventName: "sb_usage_hooks", markupBps: 0, suspendGraceDays: 7 },
    publishTenantInvalidation: async (tenantId) => void (await pub.publish(channel, tenantId)),
  };
});
afterAll(async () => {
  sub.disconnect();
  pub.disconnect();
  await db.$disconnect();
  await fake.stop();
  await tdb.drop();
});

/** What the web app's route does: verify the signature with the SDK, then hand the event over. */
async function deliver(type: string, object: Record<string, unknown>, eventId?: string) {
  const event = fake.buildEvent(type, object, eventId ? { id: eventId } : {});
  const payload = JSON.stringify(event);
  const verified = stripe.webhooks.constructEvent(payload, fake.sign(payload), fake.webhookSecret);
  return { id: event.id, result: await handleStripeEvent(ctx, verified) };
}

function invoice(customer: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    id: `in_${Math.random().toString(36).slice(2, 10)}`,
    object: "invoice",
    customer,
    status: "open",
    amount_due: 4_213,
    amount_paid: 0,
    currency: "usd",
    hosted_invoice_url: "https://invoice.stripe.test/i/1",
    period_start: now - 30 * 86_400,
    period_end: now,
    created: now,
    attempt_count: 1,
    ...over,
  };
}

const waitForInvalidation = async (tenantId: string): Promise<void> => {
  for (let i = 0; i < 100 && !invalidated.includes(tenantId); i++) await new Promise((r) => setTimeout(r, 20));
  expect(invalidated).toContain(tenantId);
};

describe("stripe webhooks", () => {
  it("checkout links the subscription; replayed events are no-ops", async () => {
    const tenantId = await createTenant(db);
    const session = await createCheckoutSession(ctx, { tenantId, successUrl: "http://app.test/ok", cancelUrl: "http://app.test/no" });
    expect(session.url).toMatch(/^https:\/\//);
    const { session: completed, subscription } = fake.completeCheckout(session.id);
    const first = await deliver("checkout.session.completed", completed);
    expect(first.result).toBe("processed");
    expect(await deliver("checkout.session.completed", completed, first.id)).toMatchObject({ result: "duplicate" });
    const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
    expect(tenant.stripeSubscriptionId).toBe(subscription?.id);
    expect((await createPortalSession(ctx, { tenantId, returnUrl: "http://app.test/billing" })).url).toMatch(/^https:\/\//);

    // Subscription updates and deletion keep the tenant in step.
    expect((await deliver("customer.subscription.updated", { ...subscription, status: "past_due" })).result).toBe("processed");
    expect((await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).stripeSubscriptionId).toBe(subscription?.id);
    const del = await deliver("customer.subscription.deleted", { ...subscription, status: "canceled" });
    expect(del.result).toBe("processed");
    expect((await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).stripeSubscriptionId).toBeNull();
    expect(await db.auditLog.count({ where: { tenantId, action: { startsWith: "billing." } } })).toBe(3);
    expect((await deliver("customer.updated", { id: "cus_x", object: "customer" })).result).toBe("ignored");
  });

  it("a failed payment suspends only after the grace period; paying reactivates; both reach the gateway", async () => {
    const tenantId = await createTenant(db, { stripeCustomerId: `cus_grace_${Date.now()}` });
    const customer = (await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).stripeCustomerId ?? "";
    const inv = invoice(customer);
    const failed = await deliver("invoice.payment_failed", inv);
    expect(failed.result).toBe("processed");
    expect(await deliver("invoice.payment_failed", inv, failed.id)).toMatchObject({ result: "duplicate" });
    expect(await listInvoices(ctx, tenantId)).toMatchObject([{ stripeInvoiceId: inv.id, status: "open", amountDueCents: 4_213n }]);
    // Another tenant sees nothing.
    expect(await listInvoices(ctx, await createTenant(db))).toEqual([]);

    expect((await suspendOverdueTenants(ctx, new Date(Date.now() + 6 * 86_400_000))).suspended).not.toContain(tenantId);
    expect((await suspendOverdueTenants(ctx, new Date(Date.now() + 8 * 86_400_000))).suspended).toEqual([tenantId]);
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).toMatchObject({ status: "suspended", suspendReason: "payment_failed" });
    await waitForInvalidation(tenantId);
    // A second run does not suspend (or announce) twice.
    expect((await suspendOverdueTenants(ctx, new Date(Date.now() + 9 * 86_400_000))).suspended).toEqual([]);

    invalidated.length = 0;
    const paid = await deliver("invoice.paid", { ...inv, status: "paid", amount_paid: 4_213 });
    expect(paid.result).toBe("processed");
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).toMatchObject({ status: "active", suspendReason: null });
    await waitForInvalidation(tenantId);
    expect(await listInvoices(ctx, tenantId)).toMatchObject([{ status: "paid", amountPaidCents: 4_213n }]);
  });

  it("a handler failure records nothing, so Stripe's retry is processed", async () => {
    const tenantId = await createTenant(db, { stripeCustomerId: `cus_retry_${Date.now()}` });
    const customer = (await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).stripeCustomerId ?? "";
    const broken = { ...invoice(customer), amount_due: "not a number" };
    const event = fake.buildEvent("invoice.payment_failed", broken);
    await expect(handleStripeEvent(ctx, event)).rejects.toThrow();
    expect(await db.stripeEvent.count({ where: { id: event.id } })).toBe(0);
    const fixed = { ...event, data: { object: invoice(customer) } };
    expect(await handleStripeEvent(ctx, fixed)).toBe("processed");
  });
});
