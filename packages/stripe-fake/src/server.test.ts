import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseForm } from "./form.js";
import { startStripeFake, type StripeFake } from "./server.js";

let fake: StripeFake;
let stripe: Stripe;

beforeAll(async () => {
  fake = await startStripeFake();
  stripe = new Stripe("sk_test_123", { host: fake.host, port: fake.port, protocol: "http", maxNetworkRetries: 0 });
});
afterAll(() => fake.stop());

describe("form decoding", () => {
  it("decodes Stripe's nested bracket syntax", () => {
    expect(parseForm("a=1&b[c]=2&b[d][0][e]=3&b[d][1][e]=4&l[]=x&l[]=y")).toEqual({
      a: "1",
      b: { c: "2", d: [{ e: "3" }, { e: "4" }] },
      l: ["x", "y"],
    });
  });
});

describe("stripe fake with the official SDK", () => {
  it("rejects a missing or wrong key the way Stripe does", async () => {
    const bad = new Stripe("pk_live_nope", { host: fake.host, port: fake.port, protocol: "http", maxNetworkRetries: 0 });
    await expect(bad.customers.create({})).rejects.toMatchObject({ type: "StripeAuthenticationError", statusCode: 401 });
  });

  it("answers required-parameter errors in Stripe's error shape", async () => {
    const err: unknown = await stripe.billing.meters.create({ display_name: "x" } as Stripe.Billing.MeterCreateParams).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ code: "parameter_missing", param: "event_name", statusCode: 400 });
  });

  it("sets up a meter, a metered price, a customer, checkout and portal sessions", async () => {
    const meter = await stripe.billing.meters.create({
      display_name: "Switchboard usage",
      event_name: "sb_usage_test",
      default_aggregation: { formula: "sum" },
      customer_mapping: { type: "by_id", event_payload_key: "stripe_customer_id" },
      value_settings: { event_payload_key: "value" },
    });
    expect(meter).toMatchObject({ object: "billing.meter", event_name: "sb_usage_test", status: "active", default_aggregation: { formula: "sum" } });
    const listed = await stripe.billing.meters.list({ status: "active" });
    expect(listed.data.map((m) => m.id)).toContain(meter.id);

    const price = await stripe.prices.create({
      currency: "usd",
      unit_amount_decimal: "0.0001",
      recurring: { interval: "month", usage_type: "metered", meter: meter.id },
      product_data: { name: "LLM usage" },
      lookup_key: "sb_usage_test_price",
    });
    expect(price).toMatchObject({ object: "price", type: "recurring", unit_amount_decimal: "0.0001", recurring: { usage_type: "metered", meter: meter.id } });
    expect((await stripe.prices.list({ lookup_keys: ["sb_usage_test_price"] })).data[0]?.id).toBe(price.id);

    const customer = await stripe.customers.create({ email: "a@b.test", name: "Acme", metadata: { tenantId: "ten_1" } });
    expect(customer).toMatchObject({ object: "customer", email: "a@b.test", metadata: { tenantId: "ten_1" } });
    expect((await stripe.customers.retrieve(customer.id)).id).toBe(customer.id);
    await expect(stripe.customers.retrieve("cus_missing")).rejects.toMatchObject({ code: "resource_missing", statusCode: 404 });

    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: price.id }],
      success_url: "http://app.test/ok",
      cancel_url: "http://app.test/cancel",
    });
    expect(session).toMatchObject({ object: "checkout.session", status: "open", mode: "subscription", customer: customer.id });
    expect(session.url).toMatch(/^https:\/\//);
    const done = fake.completeCheckout(session.id);
    expect(done.subscription).toMatchObject({ status: "active", customer: customer.id });
    expect(fake.events.map((e) => e.type)).toEqual(["checkout.session.completed", "customer.subscription.created"]);

    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: "http://app.test/billing" });
    expect(portal).toMatchObject({ object: "billing_portal.session", customer: customer.id, return_url: "http://app.test/billing" });

    // Meter events: de-duplicated by identifier, summed by the meter, invoiced with one rounding.
    const now = Math.floor(Date.now() / 1000);
    const sent = await stripe.billing.meterEvents.create({ event_name: "sb_usage_test", identifier: "sb-1", payload: { stripe_customer_id: customer.id, value: "123456" }, timestamp: now - 60 });
    expect(sent).toMatchObject({ object: "billing.meter_event", identifier: "sb-1", payload: { value: "123456" } });
    await expect(
      stripe.billing.meterEvents.create({ event_name: "sb_usage_test", identifier: "sb-1", payload: { stripe_customer_id: customer.id, value: "123456" } }),
    ).rejects.toMatchObject({ statusCode: 400, code: "resource_already_exists" });
    await stripe.billing.meterEvents.create({ event_name: "sb_usage_test", identifier: "sb-2", payload: { stripe_customer_id: customer.id, value: "100000" }, timestamp: now - 30 });
    const summary = await stripe.billing.meters.listEventSummaries(meter.id, { customer: customer.id, start_time: now - 3600, end_time: now + 1 });
    expect(summary.data[0]?.aggregated_value).toBe(223456);
    const invoice = fake.invoiceUsage({ customer: customer.id, periodStart: now - 3600, periodEnd: now + 1 });
    // 223,456 micro-dollars × 0.0001 ¢ = 22.3456 ¢ → 22 ¢, rounded once.
    expect(invoice).toMatchObject({ object: "invoice", status: "paid", amount_due: 22, amount_paid: 22 });
    expect((await stripe.invoices.list({ customer: customer.id })).data.map((i) => i.id)).toEqual([invoice.id]);
  });

  it("replays an Idempotency-Key with the same params and refuses different ones", async () => {
    const a = await stripe.customers.create({ email: "idem@b.test" }, { idempotencyKey: "k-1" });
    const b = await stripe.customers.create({ email: "idem@b.test" }, { idempotencyKey: "k-1" });
    expect(b.id).toBe(a.id);
    expect(b.lastResponse.headers["idempotent-replayed"]).toBe("true");
    await expect(stripe.customers.create({ email: "other@b.test" }, { idempotencyKey: "k-1" })).rejects.toMatchObject({
      type: "StripeIdempotencyError",
      statusCode: 400,
    });
    expect((await stripe.customers.list({ email: "idem@b.test" })).data).toHaveLength(1);
  });

  it("signs webhooks exactly as Stripe does (the SDK verifies them)", () => {
    const event = fake.buildEvent("invoice.paid", { id: "in_1", object: "invoice" });
    const payload = JSON.stringify(event);
    const header = fake.sign(payload);
    const verified = stripe.webhooks.constructEvent(payload, header, fake.webhookSecret);
    expect(verified.id).toBe(event.id);
    expect(() => stripe.webhooks.constructEvent(payload, header, "whsec_wrong")).toThrow(/signature/i);
    // And our signature is the SDK's own test header, byte for byte.
    const t = 1_700_000_000;
    expect(fake.sign(payload, t)).toBe(stripe.webhooks.generateTestHeaderString({ payload, secret: fake.webhookSecret, timestamp: t }));
  });
});
