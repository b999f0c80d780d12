import { StripeFakeError, missingParam } from "../errors.js";
import { list, metadataFrom, obj, str } from "../form.js";
import { route, type Route } from "../router.js";
import { template, type Store, type StripeObject } from "../store.js";
import { requireCustomer } from "./customers.js";
import { createSubscription } from "./subscriptions.js";

const CHECKOUT_HOST = "https://checkout.stripe.test";

export const checkoutRoutes: Route[] = [
  route("POST", "/v1/checkout/sessions", ({ store, params }) => {
    const mode = str(params.mode);
    if (!mode) throw missingParam("mode");
    const uiMode = str(params.ui_mode) ?? "hosted";
    if (uiMode === "hosted" && !str(params.success_url)) throw missingParam("success_url");
    const items = list(params.line_items).map((i) => obj(i) ?? {});
    if (mode !== "setup" && items.length === 0) throw missingParam("line_items");
    items.forEach((item, n) => {
      const price = str(item.price);
      if (!price) throw missingParam(`line_items[${n}][price]`);
      const p = store.get("price", price, "price", `line_items[${n}][price]`);
      // Metered prices take no quantity: usage decides it.
      const metered = (p.recurring as Record<string, unknown> | null)?.usage_type === "metered";
      if (metered && item.quantity !== undefined) {
        throw new StripeFakeError(400, "invalid_request_error", "Quantity should not be specified where usage_type is `metered`. Remove quantity from `line_items[0]`.", undefined, `line_items[${n}][quantity]`);
      }
      if (mode === "subscription" && !p.recurring) {
        throw new StripeFakeError(400, "invalid_request_error", "You must provide at least one recurring price in `subscription` mode when using prices.", undefined, "line_items");
      }
    });
    const customer = str(params.customer);
    if (customer) requireCustomer(store, customer);
    const id = store.newId("cs_test");
    return store.put({
      ...template("checkout.session"),
      id,
      object: "checkout.session",
      created: store.clock(),
      expires_at: store.clock() + 86_400,
      mode,
      ui_mode: uiMode,
      customer: customer ?? null,
      customer_email: str(params.customer_email) ?? null,
      client_reference_id: str(params.client_reference_id) ?? null,
      success_url: str(params.success_url) ?? null,
      cancel_url: str(params.cancel_url) ?? null,
      metadata: metadataFrom(params.metadata),
      payment_intent: null,
      payment_status: "unpaid",
      status: "open",
      subscription: null,
      shipping_address_collection: null,
      shipping_cost: null,
      total_details: null,
      currency_conversion: null,
      url: `${CHECKOUT_HOST}/c/pay/${id}`,
      // Kept for completeCheckout(); Stripe exposes line items through a sub-resource, not here.
      _line_items: items.map((i) => ({ price: str(i.price) })),
    } as StripeObject);
  }),
  route("GET", "/v1/checkout/sessions/:id", ({ store, path }) => publicView(store.get("checkout.session", path[0] ?? "", "checkout.session"))),
];

function publicView(o: StripeObject): StripeObject {
  const { _line_items: _hidden, ...rest } = o;
  return rest as StripeObject;
}

/**
 * What happens when the customer pays on the hosted page: the session completes, a customer and a
 * subscription exist. Returns the session (as a webhook would carry it) and the subscription.
 */
export function completeCheckout(store: Store, sessionId: string): { session: StripeObject; subscription: StripeObject | null } {
  const session = store.get("checkout.session", sessionId, "checkout.session");
  let customer = session.customer as string | null;
  if (!customer) {
    customer = store.newId("cus");
    store.put({ ...template("customer"), id: customer, object: "customer", created: store.clock(), email: session.customer_email ?? null, metadata: {}, discount: null } as StripeObject);
    session.customer = customer;
  }
  let subscription: StripeObject | null = null;
  if (session.mode === "subscription") {
    const items = (session._line_items as { price: string }[]).map((i) => i.price);
    subscription = createSubscription(store, customer, items, session.metadata as Record<string, string>);
    session.subscription = subscription.id;
  }
  session.status = "complete";
  session.payment_status = "paid";
  return { session: publicView(session), subscription };
}

export const portalRoutes: Route[] = [
  route("POST", "/v1/billing_portal/sessions", ({ store, params }) => {
    const customer = requireCustomer(store, str(params.customer));
    const id = store.newId("bps");
    return store.put({
      ...template("billing_portal.session"),
      id,
      object: "billing_portal.session",
      created: store.clock(),
      customer: customer.id,
      flow: null,
      livemode: false,
      return_url: str(params.return_url) ?? null,
      url: `https://billing.stripe.test/p/session/${id}`,
      configuration: str(params.configuration) ?? "bpc_default",
    } as StripeObject);
  }),
];
