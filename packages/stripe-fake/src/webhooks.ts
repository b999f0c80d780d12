import { createHmac, randomBytes } from "node:crypto";

/** The Stripe-Signature header for `payload`, computed exactly as Stripe does: v1 = HMAC-SHA256(secret, "t.payload"). */
export function signWebhookPayload(payload: string, secret: string, timestamp: number = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${v1}`;
}

export interface StripeEventObject {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
  livemode: boolean;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export function buildEvent(
  type: string,
  object: Record<string, unknown>,
  opts: { id?: string; created?: number; apiVersion?: string; previousAttributes?: Record<string, unknown> } = {},
): StripeEventObject {
  return {
    id: opts.id ?? `evt_${randomBytes(12).toString("hex")}`,
    object: "event",
    api_version: opts.apiVersion ?? "2025-10-29.clover",
    created: opts.created ?? Math.floor(Date.now() / 1000),
    data: opts.previousAttributes ? { object, previous_attributes: opts.previousAttributes } : { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

export interface WebhookDelivery {
  status: number;
  body: string;
  payload: string;
  signature: string;
}

/** POSTs a signed event to `url` as Stripe's webhook sender would. */
export async function deliverWebhook(url: string, secret: string, event: StripeEventObject): Promise<WebhookDelivery> {
  const payload = JSON.stringify(event, null, 2);
  const signature = signWebhookPayload(payload, secret);
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": signature, "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)" },
    body: payload,
  });
  return { status: res.status, body: await res.text(), payload, signature };
}
