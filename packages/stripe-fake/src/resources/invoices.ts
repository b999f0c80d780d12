import { route, type Route } from "../router.js";
import { str } from "../form.js";
import { template, type Store, type StripeObject } from "../store.js";
import { aggregate } from "./meters.js";

export interface InvoiceOptions {
  customer: string;
  /** Invoice [periodStart, periodEnd) in epoch seconds; defaults to the subscription's current period. */
  periodStart?: number;
  periodEnd?: number;
  status?: "draft" | "open" | "paid" | "uncollectible" | "void";
  /** Fails the payment attempt: status stays "open" with attempt_count 1. */
  paymentFails?: boolean;
}

/**
 * Bills the customer's metered subscription for a period, the way Stripe does at the end of a cycle:
 * quantity = the meter's aggregate, amount = quantity × unit_amount_decimal, rounded to the cent once.
 */
export function invoiceUsage(store: Store, opts: InvoiceOptions): StripeObject {
  const sub = store.all("subscription").find((s) => s.customer === opts.customer && s.status === "active");
  const now = store.clock();
  const start = opts.periodStart ?? now - 30 * 86_400;
  const end = opts.periodEnd ?? now;
  const id = store.newId("in");
  const lines: Record<string, unknown>[] = [];
  let total = 0;
  const items = ((sub?.items as { data: Record<string, unknown>[] } | undefined)?.data ?? []) as { price: StripeObject; id: string }[];
  for (const item of items) {
    const recurring = item.price.recurring as Record<string, unknown> | null;
    const meterId = recurring?.meter as string | null;
    if (!meterId) continue;
    const meter = store.get("billing.meter", meterId);
    const quantity = aggregate(store, meter, opts.customer, start, end);
    const unit = Number(item.price.unit_amount_decimal ?? item.price.unit_amount ?? 0);
    // Stripe rounds line amounts half-up to the currency's minor unit.
    const amount = Math.round(quantity * unit);
    total += amount;
    lines.push({
      ...template("line_item"),
      id: store.newId("il"),
      amount,
      currency: item.price.currency,
      description: `${quantity} units`,
      invoice: id,
      period: { start, end },
      quantity,
      subscription: sub?.id ?? null,
      parent: { type: "subscription_item_details", subscription_item_details: { subscription: sub?.id, subscription_item: item.id, proration: false, invoice_item: null, proration_details: { credited_items: null } }, invoice_item_details: null },
      pricing: { type: "price_details", price_details: { price: item.price.id, product: item.price.product }, unit_amount_decimal: String(item.price.unit_amount_decimal) },
      subtotal: amount,
    });
  }
  const status = opts.paymentFails ? "open" : (opts.status ?? "paid");
  const paid = status === "paid";
  return store.put({
    ...template("invoice"),
    id,
    object: "invoice",
    customer: opts.customer,
    created: now,
    period_start: start,
    period_end: end,
    status,
    attempted: paid || Boolean(opts.paymentFails),
    attempt_count: paid || opts.paymentFails ? 1 : 0,
    amount_due: total,
    amount_paid: paid ? total : 0,
    amount_remaining: paid ? 0 : total,
    amount_overpaid: 0,
    subtotal: total,
    subtotal_excluding_tax: total,
    total,
    total_excluding_tax: total,
    currency: "usd",
    hosted_invoice_url: `https://invoice.stripe.test/i/${id}`,
    invoice_pdf: `https://invoice.stripe.test/i/${id}/pdf`,
    number: `${id.slice(3, 11).toUpperCase()}-0001`,
    billing_reason: "subscription_cycle",
    last_finalization_error: null,
    from_invoice: null,
    shipping_cost: null,
    parent: sub ? { type: "subscription_details", subscription_details: { subscription: sub.id, metadata: sub.metadata }, quote_details: null } : null,
    status_transitions: { finalized_at: now, marked_uncollectible_at: null, paid_at: paid ? now : null, voided_at: null },
    next_payment_attempt: opts.paymentFails ? now + 3 * 86_400 : null,
    lines: { object: "list", data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
  } as StripeObject);
}

export const invoiceRoutes: Route[] = [
  route("GET", "/v1/invoices/:id", ({ store, path }) => store.get("invoice", path[0] ?? "")),
  route("GET", "/v1/invoices", ({ store, params, url }) =>
    store.list(
      "invoice",
      url,
      (i) => (!str(params.customer) || i.customer === str(params.customer)) && (!str(params.status) || i.status === str(params.status)),
      params as Record<string, string>,
    ),
  ),
];
