import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StripeFakeError } from "./errors.js";
import { parseForm } from "./form.js";
import type { Route } from "./router.js";
import { Store, type StripeObject } from "./store.js";
import { buildEvent, deliverWebhook, signWebhookPayload, type StripeEventObject, type WebhookDelivery } from "./webhooks.js";
import { customerRoutes, productRoutes } from "./resources/customers.js";
import { priceRoutes } from "./resources/prices.js";
import { meterRoutes } from "./resources/meters.js";
import { checkoutRoutes, completeCheckout, portalRoutes } from "./resources/checkout.js";
import { subscriptionRoutes } from "./resources/subscriptions.js";
import { invoiceRoutes, invoiceUsage, type InvoiceOptions } from "./resources/invoices.js";

const ROUTES: Route[] = [
  ...customerRoutes,
  ...productRoutes,
  ...priceRoutes,
  ...meterRoutes,
  ...checkoutRoutes,
  ...portalRoutes,
  ...subscriptionRoutes,
  ...invoiceRoutes,
];

export interface StripeFakeOptions {
  port?: number;
  host?: string;
  /** When set, only this exact secret key is accepted; otherwise any `sk_test_…` key is. */
  apiKey?: string;
  /** Where emitted events (e.g. customer.subscription.deleted) are POSTed, signed with webhookSecret. */
  webhookUrl?: string;
  webhookSecret?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  params: Record<string, unknown>;
  idempotencyKey: string | null;
  status: number;
  replayed: boolean;
}

export interface StripeFake {
  /** http://host:port, e.g. for STRIPE_API_BASE. */
  url: string;
  host: string;
  port: number;
  store: Store;
  requests: RecordedRequest[];
  /** Events emitted by API calls, in order. */
  events: StripeEventObject[];
  webhookSecret: string;
  completeCheckout(sessionId: string): { session: StripeObject; subscription: StripeObject | null };
  invoiceUsage(opts: InvoiceOptions): StripeObject;
  buildEvent: typeof buildEvent;
  sign(payload: string, timestamp?: number): string;
  /** Builds, signs and POSTs an event to `url` (default: the configured webhookUrl). */
  sendWebhook(type: string, object: Record<string, unknown>, url?: string): Promise<WebhookDelivery>;
  stop(): Promise<void>;
}

interface SavedResponse {
  fingerprint: string;
  status: number;
  body: string;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (data += c));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}

function authenticate(req: IncomingMessage, expected: string | undefined): string {
  const header = req.headers.authorization ?? "";
  const m = /^Bearer (\S+)$/.exec(header);
  if (!m?.[1]) {
    throw new StripeFakeError(401, "invalid_request_error", "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
  }
  const key = m[1];
  if (!/^(sk|rk)_test_/.test(key) || (expected !== undefined && key !== expected)) {
    throw new StripeFakeError(401, "invalid_request_error", `Invalid API Key provided: ${key.slice(0, 8)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`);
  }
  return key;
}

/**
 * A local Stripe API for tests: the official SDK talks to it with `{ host, port, protocol: "http" }`.
 * Form-encoded nested params, Bearer auth, Stripe's error envelope, Idempotency-Key replay, and
 * object shapes taken from Stripe's published fixtures.
 */
export async function startStripeFake(opts: StripeFakeOptions = {}): Promise<StripeFake> {
  const store = new Store();
  const requests: RecordedRequest[] = [];
  const events: StripeEventObject[] = [];
  const saved = new Map<string, SavedResponse>();
  const webhookSecret = opts.webhookSecret ?? `whsec_${randomBytes(16).toString("hex")}`;

  const emit = (type: string, object: Record<string, unknown>): void => {
    const event = buildEvent(type, structuredClone(object));
    events.push(event);
    if (opts.webhookUrl) void deliverWebhook(opts.webhookUrl, webhookSecret, event).catch(() => undefined);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://stripe.fake");
    const method = (req.method ?? "GET").toUpperCase();
    const rawBody = await readBody(req);
    const idempotencyKey = typeof req.headers["idempotency-key"] === "string" ? req.headers["idempotency-key"] : null;
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "request-id": `req_${randomBytes(8).toString("hex")}`,
      "stripe-version": String(req.headers["stripe-version"] ?? "2025-10-29.clover"),
    };
    if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
    const params = parseForm(method === "GET" ? url.search.slice(1) : rawBody || url.search.slice(1));
    const record = (status: number, replayed: boolean): void => {
      requests.push({ method, path: url.pathname, params, idempotencyKey, status, replayed });
    };
    const send = (status: number, body: string, replayed = false): void => {
      if (replayed) headers["idempotent-replayed"] = "true";
      res.writeHead(status, headers);
      res.end(body);
      record(status, replayed);
    };

    // Set when this request's result must be saved for replay under its Idempotency-Key.
    let idem: { slot: string; fingerprint: string } | null = null;
    try {
      const apiKey = authenticate(req, opts.apiKey);
      if (idempotencyKey && method !== "GET") {
        const slot = `${apiKey} ${idempotencyKey}`;
        const fingerprint = `${method} ${url.pathname}?${rawBody}`;
        const prior = saved.get(slot);
        if (prior) {
          if (prior.fingerprint !== fingerprint) {
            throw new StripeFakeError(
              400,
              "idempotency_error",
              `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            );
          }
          send(prior.status, prior.body, true);
          return;
        }
        idem = { slot, fingerprint };
      }
      const match = ROUTES.map((r) => ({ r, m: r.method === method ? r.pattern.exec(url.pathname) : null })).find((x) => x.m);
      if (!match?.m) {
        throw new StripeFakeError(404, "invalid_request_error", `Unrecognized request URL (${method}: ${url.pathname}).`);
      }
      const result = match.r.handler({ store, params, path: match.m.slice(1).map(decodeURIComponent), url: url.pathname, emit });
      const body = JSON.stringify(result, null, 2);
      // Only executed requests are saved: a validation error is not replayed, as with Stripe.
      if (idem) saved.set(idem.slot, { fingerprint: idem.fingerprint, status: 200, body });
      send(200, body);
    } catch (err) {
      if (err instanceof StripeFakeError) send(err.status, JSON.stringify(err.toJSON(), null, 2));
      else send(500, JSON.stringify({ error: { type: "api_error", message: err instanceof Error ? err.message : String(err) } }));
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", resolve));
  const { port, address } = server.address() as AddressInfo;

  return {
    url: `http://${address}:${port}`,
    host: address,
    port,
    store,
    requests,
    events,
    webhookSecret,
    completeCheckout: (id) => {
      const out = completeCheckout(store, id);
      emit("checkout.session.completed", out.session);
      if (out.subscription) emit("customer.subscription.created", out.subscription);
      return out;
    },
    invoiceUsage: (o) => invoiceUsage(store, o),
    buildEvent,
    sign: (payload, timestamp) => signWebhookPayload(payload, webhookSecret, timestamp),
    sendWebhook: (type, object, url) => {
      const target = url ?? opts.webhookUrl;
      if (!target) throw new Error("no webhook url: pass one or set webhookUrl");
      const event = buildEvent(type, object);
      events.push(event);
      return deliverWebhook(target, webhookSecret, event);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
