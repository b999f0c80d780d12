import type Stripe from "stripe";

/**
 * The unit we meter in: one micro-dollar (1e-6 USD) of billed usage per meter unit. Meter values
 * must be whole numbers here (we never send fractions), and picodollar costs reduce to micro-dollars
 * with a carried remainder (see metering/meter-value.ts). The price charges 0.0001 cent per unit, so
 * Stripe's invoice line = units × 0.0001 ¢, rounded to the cent once, on the invoice.
 */
export const METER_UNIT_PICO = 1_000_000n;
export const PRICE_CENTS_PER_UNIT = "0.0001";

export interface MeteredPrice {
  meterId: string;
  priceId: string;
}

const cache = new WeakMap<Stripe, Map<string, Promise<MeteredPrice>>>();

async function findOrCreate(stripe: Stripe, eventName: string): Promise<MeteredPrice> {
  // A meter is unique per event name; list instead of create so restarts and replicas converge.
  let meter: Stripe.Billing.Meter | undefined;
  for await (const m of stripe.billing.meters.list({ status: "active", limit: 100 })) {
    if (m.event_name === eventName) {
      meter = m;
      break;
    }
  }
  meter ??= await stripe.billing.meters.create(
    {
      display_name: "Switchboard LLM usage (micro-USD)",
      event_name: eventName,
      default_aggregation: { formula: "sum" },
      customer_mapping: { type: "by_id", event_payload_key: "stripe_customer_id" },
      value_settings: { event_payload_key: "value" },
    },
    { idempotencyKey: `sb-meter-${eventName}` },
  );
  const lookupKey = `${eventName}_micro_usd`;
  const existing = await stripe.prices.list({ lookup_keys: [lookupKey], active: true, limit: 1 });
  const price =
    existing.data[0] ??
    (await stripe.prices.create(
      {
        currency: "usd",
        unit_amount_decimal: PRICE_CENTS_PER_UNIT,
        recurring: { interval: "month", usage_type: "metered", meter: meter.id },
        product_data: { name: "LLM usage" },
        lookup_key: lookupKey,
        nickname: "Pay as you go (per micro-dollar)",
      },
      { idempotencyKey: `sb-price-${lookupKey}-${meter.id}` },
    ));
  return { meterId: meter.id, priceId: price.id };
}

/** The Billing Meter and the metered price backed by it, created on first use and cached per client. */
export function ensureMeteredPrice(stripe: Stripe, eventName: string): Promise<MeteredPrice> {
  let perClient = cache.get(stripe);
  if (!perClient) {
    perClient = new Map();
    cache.set(stripe, perClient);
  }
  let p = perClient.get(eventName);
  if (!p) {
    p = findOrCreate(stripe, eventName);
    // A failure must not be cached forever.
    p.catch(() => perClient?.delete(eventName));
    perClient.set(eventName, p);
  }
  return p;
}
