import { missingParam } from "../errors.js";
import { metadataFrom, str } from "../form.js";
import { route, type Route } from "../router.js";
import { template, type Store, type StripeObject } from "../store.js";

export const customerRoutes: Route[] = [
  route("POST", "/v1/customers", ({ store, params }) => {
    const c = template("customer");
    const id = store.newId("cus");
    return store.put({
      ...c,
      id,
      object: "customer",
      created: store.clock(),
      email: str(params.email) ?? null,
      name: str(params.name) ?? null,
      description: str(params.description) ?? null,
      phone: str(params.phone) ?? null,
      metadata: metadataFrom(params.metadata),
      discount: null,
      shipping: null,
      invoice_prefix: id.slice(4, 12).toUpperCase(),
    } as StripeObject);
  }),
  route("GET", "/v1/customers/:id", ({ store, path }) => store.get("customer", path[0] ?? "")),
  route("POST", "/v1/customers/:id", ({ store, path, params }) => {
    const c = store.get("customer", path[0] ?? "");
    for (const k of ["email", "name", "description", "phone"] as const) if (str(params[k]) !== undefined) c[k] = str(params[k]);
    if (params.metadata) c.metadata = metadataFrom(params.metadata, c.metadata as Record<string, string>);
    return c;
  }),
  route("GET", "/v1/customers", ({ store, params, url }) =>
    store.list("customer", url, (c) => !str(params.email) || c.email === str(params.email), params as Record<string, string>),
  ),
];

export const productRoutes: Route[] = [
  route("POST", "/v1/products", ({ store, params }) => {
    const name = str(params.name);
    if (!name) throw missingParam("name");
    return store.put({
      ...template("product"),
      id: str(params.id) ?? store.newId("prod"),
      object: "product",
      name,
      description: str(params.description) ?? null,
      created: store.clock(),
      updated: store.clock(),
      default_price: null,
      metadata: metadataFrom(params.metadata),
      package_dimensions: null,
      unit_label: str(params.unit_label) ?? null,
      type: "service",
    } as StripeObject);
  }),
  route("GET", "/v1/products/:id", ({ store, path }) => store.get("product", path[0] ?? "")),
];

/** Shared by checkout and subscriptions: a customer id that must exist. */
export function requireCustomer(store: Store, id: string | undefined, param = "customer"): StripeObject {
  if (!id) throw missingParam(param);
  return store.get("customer", id, "customer", param);
}

