import { randomBytes } from "node:crypto";
import { signUp } from "@switchboard/core";
import { buildEvent, deliverWebhook, signWebhookPayload, startStripeFake, type StripeFake } from "@switchboard/stripe-fake";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTenant, signInOverHttp, startApiHarness, type ApiHarness, type TestTenant } from "./harness";

/**
 * Billing routes against a running dashboard and the local Stripe fake (official SDK on our
 * side, Stripe's real signature scheme on its side): Checkout and Portal for owners only, the
 * webhook's signature check, idempotent replays, and invoices on the billing page.
 */
let stripe: StripeFake;
let h: ApiHarness;
let owner: TestTenant;
let cookie = "";
let webhookUrl = "";

beforeAll(async () => {
  stripe = await startStripeFake();
  h = await startApiHarness({ STRIPE_SECRET_KEY: "sk_test_web", STRIPE_API_BASE: stripe.url, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret });
  webhookUrl = `${h.url}/api/stripe/webhook`;
  owner = await makeTenant(h.db, "payer");
  cookie = await signInOverHttp(h.url, owner.email, owner.password);
}, 600_000);

afterAll(async () => {
  await h?.close();
  await stripe?.stop();
});

const post = (path: string, headers: Record<string, string> = {}) => fetch(`${h.url}${path}`, { method: "POST", headers: { origin: h.url, accept: "application/json", ...headers } });

describe("checkout and portal", () => {
  it("refuses anonymous callers", async () => {
    expect((await post("/api/billing/checkout")).status).toBe(401);
  });

  it("checkout returns a Stripe URL for the tenant's metered subscription", async () => {
    const res = await post("/api/billing/checkout", { cookie });
    expect(res.status).toBe(200);
    const { url } = (await res.json()) as { url: string };
    expect(url).toMatch(/^https:\/\/\S+\/c\/pay\/cs_/);
    const created = stripe.requests.find((r) => r.method === "POST" && r.path === "/v1/checkout/sessions");
    expect(created?.params).toMatchObject({ mode: "subscription", client_reference_id: owner.tenantId });
    const tenant = await h.db.tenant.findUniqueOrThrow({ where: { id: owner.tenantId } });
    expect(tenant.stripeCustomerId).toMatch(/^cus_/);
    expect(await h.db.auditLog.count({ where: { tenantId: owner.tenantId, action: "billing.checkout_started" } })).toBe(1);
  });

  it("portal returns a Stripe URL once the tenant is a customer", async () => {
    const res = await post("/api/billing/portal", { cookie });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { url: string }).url).toMatch(/^https:\/\/billing\.stripe\.test\/p\/session\/bps_/);
  });

  it("is owner-only: an admin of the same workspace gets 403", async () => {
    const email = `admin-${randomBytes(4).toString("hex")}@example.test`;
    const password = "admin correct horse battery";
    const { user } = await signUp({ db: h.db, input: { name: "Ada Admin", email, password } });
    await h.db.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
    await h.db.membership.create({ data: { tenantId: owner.tenantId, userId: user.id, role: "admin" } });
    const adminCookie = `${await signInOverHttp(h.url, email, password)}; sb_tenant=${owner.tenantId}`;
    const res = await post("/api/billing/checkout", { cookie: adminCookie });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
  });
});

describe("stripe webhook", () => {
  it("accepts a signed checkout.session.completed and links the subscription; a replay is a no-op", async () => {
    const session = stripe.store.all("checkout.session").find((s) => s.client_reference_id === owner.tenantId);
    expect(session).toBeTruthy();
    stripe.completeCheckout(String(session!.id));
    const event = stripe.events.find((e) => e.type === "checkout.session.completed")!;
    const first = await deliverWebhook(webhookUrl, stripe.webhookSecret, event);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toMatchObject({ received: true, result: "processed" });
    const tenant = await h.db.tenant.findUniqueOrThrow({ where: { id: owner.tenantId } });
    expect(tenant.stripeSubscriptionId).toMatch(/^sub_/);
    const replay = await deliverWebhook(webhookUrl, stripe.webhookSecret, event);
    expect(replay.status).toBe(200);
    expect(JSON.parse(replay.body)).toMatchObject({ result: "duplicate" });
    expect(await h.db.stripeEvent.count({ where: { id: event.id } })).toBe(1);
  });

  it("refuses a bad signature, a missing one, another secret and a stale timestamp with 400", async () => {
    const event = buildEvent("invoice.paid", { id: "in_forged", object: "invoice", customer: "cus_x" });
    const payload = JSON.stringify(event);
    const send = (signature: string | null) =>
      fetch(webhookUrl, { method: "POST", headers: { "content-type": "application/json", ...(signature ? { "stripe-signature": signature } : {}) }, body: payload });
    expect((await send("t=1,v1=deadbeef")).status).toBe(400);
    expect((await send(null)).status).toBe(400);
    expect((await send(signWebhookPayload(payload, "whsec_someone_else"))).status).toBe(400);
    expect((await send(signWebhookPayload(payload, stripe.webhookSecret, Math.floor(Date.now() / 1000) - 3600))).status).toBe(400);
    // Body changed after signing.
    const sig = signWebhookPayload(payload, stripe.webhookSecret);
    const tampered = await fetch(webhookUrl, { method: "POST", headers: { "stripe-signature": sig }, body: payload.replace("in_forged", "in_forgex") });
    expect(tampered.status).toBe(400);
    expect(await h.db.stripeEvent.count({ where: { id: event.id } })).toBe(0);
  });

  it("mirrors a paid invoice, shown on the billing page", async () => {
    const tenant = await h.db.tenant.findUniqueOrThrow({ where: { id: owner.tenantId } });
    const invoice = stripe.invoiceUsage({ customer: tenant.stripeCustomerId!, status: "paid" });
    const delivery = await deliverWebhook(webhookUrl, stripe.webhookSecret, buildEvent("invoice.paid", invoice));
    expect(delivery.status).toBe(200);
    expect(await h.db.invoice.count({ where: { tenantId: owner.tenantId } })).toBe(1);
    const page = await fetch(`${h.url}/billing`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-testid="invoice-row"');
    expect(html).not.toContain('data-testid="ledger-only"');
  });
});
