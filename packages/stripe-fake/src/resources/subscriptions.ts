import { missingParam } from "../errors.js";
import { list, metadataFrom, obj, str } from "../form.js";
import { route, type Route } from "../router.js";
import { template, type Store, type StripeObject } from "../store.js";
import { requireCustomer } from "./customers.js";

const MONTH = 30 * 86_400;

export function createSubscription(store: Store, customer: string, priceIds: string[], metadata: Record<string, string> = {}): StripeObject {
  const now = store.clock();
  const id = store.newId("sub");
  const items = priceIds.map((priceId) => {
    const price = store.get("price", priceId, "price");
    const recurring = price.recurring as Record<string, unknown> | null;
    return {
      ...template("subscription_item"),
      id: store.newId("si"),
      object: "subscription_item",
      created: now,
      metadata: {},
      price,
      quantity: recurring?.usage_type === "metered" ? undefined : 1,
      subscription: id,
      current_period_start: now,
      current_period_end: now + MONTH,
      billing_thresholds: null,
      discounts: [],
      tax_rates: [],
    };
  });
  const base = template("subscription");
  return store.put({
    ...base,
    id,
    object: "subscription",
    customer,
    created: now,
    start_date: now,
    billing_cycle_anchor: now,
    cancel_at: null,
    canceled_at: null,
    cancel_at_period_end: false,
    ended_at: null,
    trial_start: null,
    trial_end: null,
    metadata,
    status: "active",
    latest_invoice: null,
    pending_update: null,
    pause_collection: null,
    transfer_data: null,
    next_pending_invoice_item_invoice: null,
    items: { object: "list", data: items, has_more: false, url: `/v1/subscription_items?subscription=${id}` },
  } as StripeObject);
}

export const subscriptionRoutes: Route[] = [
  route("POST", "/v1/subscriptions", ({ store, params }) => {
    const customer = requireCustomer(store, str(params.customer));
    const items = list(params.items).map((i, n) => {
      const price = str(obj(i)?.price);
      if (!price) throw missingParam(`items[${n}][price]`);
      return price;
    });
    if (items.length === 0) throw missingParam("items");
    return createSubscription(store, customer.id, items, metadataFrom(params.metadata));
  }),
  route("GET", "/v1/subscriptions/:id", ({ store, path }) => store.get("subscription", path[0] ?? "")),
  route("GET", "/v1/subscriptions", ({ store, params, url }) =>
    store.list(
      "subscription",
      url,
      (s) => (!str(params.customer) || s.customer === str(params.customer)) && (!str(params.status) || s.status === str(params.status)),
      params as Record<string, string>,
    ),
  ),
  route("DELETE", "/v1/subscriptions/:id", ({ store, path, emit }) => {
    const s = store.get("subscription", path[0] ?? "");
    s.status = "canceled";
    s.canceled_at = store.clock();
    s.ended_at = store.clock();
    emit("customer.subscription.deleted", s);
    return s;
  }),
];
