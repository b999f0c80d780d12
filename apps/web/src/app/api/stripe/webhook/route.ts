import { handleStripeEvent } from "@switchboard/billing";
import Stripe from "stripe";
import { env } from "@/env";
import { billing } from "@/server/billing";

export const dynamic = "force-dynamic";

// Only for `webhooks.constructEvent`, which needs no key or network; the API client lives in billing().
const verifier = new Stripe("sk_unused_signature_verification_only");

/**
 * Stripe webhooks: verify the signature over the raw body (default 300 s replay tolerance), then
 * hand the event to @switchboard/billing, which records it in `stripe_events` in the same
 * transaction as its effects, so a replay is acknowledged without acting twice.
 */
export async function POST(req: Request): Promise<Response> {
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) return Response.json({ error: { message: "Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET)", code: "webhooks_not_configured" } }, { status: 503 });
  const signature = req.headers.get("stripe-signature");
  if (!signature) return Response.json({ error: { message: "Missing Stripe-Signature header", code: "invalid_signature" } }, { status: 400 });
  const raw = await req.text();
  let event: Stripe.Event;
  try {
    event = verifier.webhooks.constructEvent(raw, signature, secret);
  } catch (e) {
    return Response.json({ error: { message: `Invalid signature: ${(e as Error).message}`, code: "invalid_signature" } }, { status: 400 });
  }
  try {
    const result = await handleStripeEvent(billing(), event);
    return Response.json({ received: true, result });
  } catch (e) {
    // 500 makes Stripe retry; the handler rolled its transaction (and the event row) back.
    console.error("[stripe/webhook] handler failed", event.type, event.id, e);
    return Response.json({ error: { message: "Webhook handler failed", code: "handler_failed" } }, { status: 500 });
  }
}
