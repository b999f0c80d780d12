import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type PrismaClient } from "@switchboard/db";
import { startStripeFake, type StripeFake } from "@switchboard/stripe-fake";
import { createTestDatabase, type TestDatabase } from "@switchboard/testing";
import type { BillingContext } from "../context.js";
import { ensureCustomer } from "../customers/ensure-customer.js";
import { addUsage, createTenant } from "../test-fixtures.js";
import { findDueWindows } from "./due-windows.js";
import { applyMarkup, unitsToSend } from "./meter-value.js";
import { reportUsageWindow } from "./report-window.js";

let db: PrismaClient;
let tdb: TestDatabase;
let fake: StripeFake;
let ctx: BillingContext;
let stripe: Stripe;

const EVENT = "sb_usage_test";
const hourAgo = (h: number): Date => {
  const d = new Date();
  d.setUTCMinutes(0, 0, 0);
  return new Date(d.getTime() - h * 3_600_000);
};

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = createPrismaClient(tdb.url, { poolSize: 3 });
  fake = await startStripeFake();
  stripe = new Stripe("sk_test_billing", { host: fake.host, port: fake.port, protocol: "http", maxNetworkRetries: 0 });
  ctx = { db, stripe, config: { meterEventName: EVENT, markupBps: 2_000, suspendGraceDays: 7 } };
});
afterAll(async () => {
  await db.$disconnect();
  await fake.stop();
  await tdb.drop();
});

const meterEvents = () => fake.requests.filter((r) => r.path === "/v1/billing/meter_events" && r.status === 200);

async function meteredTotal(customer: string): Promise<number> {
  const meter = (await stripe.billing.meters.list()).data.find((m) => m.event_name === EVENT);
  if (!meter) return 0;
  const now = Math.floor(Date.now() / 1000);
  const s = await stripe.billing.meters.listEventSummaries(meter.id, { customer, start_time: now - 35 * 86_400, end_time: now + 60 });
  return s.data[0]?.aggregated_value ?? 0;
}

describe("money math", () => {
  it("applies markup in integers and carries the sub-unit remainder", () => {
    expect(applyMarkup(1_234_567_890_123n, 2_000)).toBe(1_481_481_468_147n);
    expect(applyMarkup(10n, 0)).toBe(10n);
    // Three reports of 0.6 micro-dollar each: 0, 1, 0 units — never 0, 0, 0.
    expect(unitsToSend(0n, 0n, 600_000n)).toBe(0n);
    expect(unitsToSend(600_000n, 0n, 600_000n)).toBe(1n);
    expect(unitsToSend(1_200_000n, 1n, 600_000n)).toBe(0n);
  });
});

describe("meter reports against the Stripe fake (official SDK)", () => {
  it("reports a window once, with markup, and a late correction as -r1", async () => {
    const tenantId = await createTenant(db);
    const customer = await ensureCustomer(ctx, tenantId);
    expect(await ensureCustomer(ctx, tenantId)).toBe(customer);
    const ws = hourAgo(3);
    const we = new Date(ws.getTime() + 3_600_000);
    await addUsage(db, tenantId, ws, 1_234_567_890_123n);

    expect((await findDueWindows(ctx, { windowMinutes: 60 })).filter((w) => w.tenantId === tenantId)).toHaveLength(1);
    const first = await reportUsageWindow(ctx, { tenantId, windowStart: ws, windowEnd: we });
    expect(first.sent).toEqual([`sb-${tenantId}-${ws.toISOString()}`]);
    const row = await db.meterReport.findUniqueOrThrow({ where: { identifier: first.sent[0] } });
    expect(row).toMatchObject({ status: "sent", costPicoUsd: 1_234_567_890_123n, markupBps: 2_000, billedPicoUsd: 1_481_481_468_147n, valueSent: 1_481_481n });
    expect(await meteredTotal(customer)).toBe(1_481_481);

    // Running again (a retried job, a second tick) changes nothing and sends nothing.
    const before = meterEvents().length;
    expect(await reportUsageWindow(ctx, { tenantId, windowStart: ws, windowEnd: we })).toEqual({ created: [], sent: [], ledgerOnly: [] });
    expect(meterEvents().length).toBe(before);
    expect((await findDueWindows(ctx, { windowMinutes: 60 })).filter((w) => w.tenantId === tenantId)).toHaveLength(0);

    // Late events for that hour: only the difference is reported, under a new identifier.
    await addUsage(db, tenantId, ws, 500_000_000_000n);
    const late = await reportUsageWindow(ctx, { tenantId, windowStart: ws, windowEnd: we });
    expect(late.sent).toEqual([`sb-${tenantId}-${ws.toISOString()}-r1`]);
    expect(await db.meterReport.findUniqueOrThrow({ where: { identifier: late.sent[0] } })).toMatchObject({ costPicoUsd: 500_000_000_000n, valueSent: 600_000n });
    expect(await meteredTotal(customer)).toBe(2_081_481);

    // The invoice Stripe makes from it rounds to the cent once: 2,081,481 µ$ → $2.08.
    await stripe.subscriptions.create({ customer, items: [{ price: (await stripe.prices.list({ lookup_keys: [`${EVENT}_micro_usd`] })).data[0]?.id ?? "" }] });
    const invoice = fake.invoiceUsage({ customer, periodStart: Math.floor(ws.getTime() / 1000) - 60, periodEnd: Math.floor(Date.now() / 1000) + 60 });
    expect(invoice.amount_due).toBe(208);
  });

  it("a crash between sending and marking sent re-sends the same request, counted once", async () => {
    const tenantId = await createTenant(db);
    const customer = await ensureCustomer(ctx, tenantId);
    const ws = hourAgo(5);
    await addUsage(db, tenantId, ws, 7_000_000_000_000n);
    const r = await reportUsageWindow(ctx, { tenantId, windowStart: ws, windowEnd: new Date(ws.getTime() + 3_600_000) });
    // Pretend the process died right after Stripe accepted the event.
    await db.meterReport.update({ where: { identifier: r.sent[0] }, data: { status: "pending", sentAt: null } });
    const again = await reportUsageWindow(ctx, { tenantId, windowStart: ws, windowEnd: new Date(ws.getTime() + 3_600_000) });
    expect(again.sent).toEqual(r.sent);
    expect(fake.requests.filter((q) => q.idempotencyKey === r.sent[0]).map((q) => q.replayed)).toEqual([false, true]);
    expect(await meteredTotal(customer)).toBe(8_400_000);
  });

  it("records ledger_only and sends nothing without Stripe or without a customer", async () => {
    const tenantId = await createTenant(db);
    const ws = hourAgo(4);
    await addUsage(db, tenantId, ws, 3_000_000_000n);
    const before = fake.requests.length;
    const noCustomer = await reportUsageWindow(ctx, { tenantId, windowStart: ws, windowEnd: new Date(ws.getTime() + 3_600_000) });
    expect(noCustomer.ledgerOnly).toHaveLength(1);
    const ledger: BillingContext = { ...ctx, stripe: null, config: { ...ctx.config, markupBps: 0 } };
    await addUsage(db, tenantId, ws, 1_000_000_000n);
    const off = await reportUsageWindow(ledger, { tenantId, windowStart: ws, windowEnd: new Date(ws.getTime() + 3_600_000) });
    expect(off.ledgerOnly).toEqual([`sb-${tenantId}-${ws.toISOString()}-r1`]);
    expect(await db.meterReport.findMany({ where: { tenantId }, select: { status: true, valueSent: true }, orderBy: { createdAt: "asc" } })).toEqual([
      { status: "ledger_only", valueSent: 3_600n },
      { status: "ledger_only", valueSent: 1_000n },
    ]);
    expect(fake.requests.length).toBe(before);
  });
});
