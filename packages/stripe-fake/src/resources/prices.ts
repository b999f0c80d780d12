import { invalidParam, missingParam } from "../errors.js";
import { list, metadataFrom, obj, str } from "../form.js";
import { route, type Route } from "../router.js";
import { template, type StripeObject } from "../store.js";

export const priceRoutes: Route[] = [
  route("POST", "/v1/prices", ({ store, params }) => {
    const currency = str(params.currency);
    if (!currency) throw missingParam("currency");
    let productId = str(params.product);
    const productData = obj(params.product_data);
    if (!productId && !productData) throw missingParam("product");
    if (productId) store.get("product", productId, "product", "product");
    else {
      const name = str(productData?.name);
      if (!name) throw missingParam("product_data[name]");
      productId = store.newId("prod");
      store.put({ ...template("product"), id: productId, object: "product", name, created: store.clock(), updated: store.clock(), default_price: null, metadata: {}, package_dimensions: null, type: "service" } as StripeObject);
    }
    const unitAmount = str(params.unit_amount);
    const unitAmountDecimal = str(params.unit_amount_decimal);
    if (unitAmount === undefined && unitAmountDecimal === undefined && !params.custom_unit_amount) throw missingParam("unit_amount");
    if (unitAmountDecimal !== undefined && !/^\d+(\.\d{1,12})?$/.test(unitAmountDecimal)) {
      throw invalidParam("unit_amount_decimal", "Invalid decimal: unit_amount_decimal must have at most 12 decimal places.");
    }
    const recurringIn = obj(params.recurring);
    let recurring: Record<string, unknown> | null = null;
    if (recurringIn) {
      const interval = str(recurringIn.interval);
      if (!interval) throw missingParam("recurring[interval]");
      const usageType = str(recurringIn.usage_type) ?? "licensed";
      const meter = str(recurringIn.meter) ?? null;
      if (usageType === "metered" && !meter) throw missingParam("recurring[meter]");
      if (meter) store.get("billing.meter", meter, "billing.meter", "recurring[meter]");
      recurring = { interval, interval_count: Number(str(recurringIn.interval_count) ?? 1), meter, usage_type: usageType, trial_period_days: null };
    }
    const lookupKey = str(params.lookup_key) ?? null;
    if (lookupKey && str(params.transfer_lookup_key) === "true") {
      for (const p of store.all("price")) if (p.lookup_key === lookupKey) p.lookup_key = null;
    }
    return store.put({
      ...template("price"),
      id: store.newId("price"),
      object: "price",
      active: true,
      created: store.clock(),
      currency,
      product: productId,
      nickname: str(params.nickname) ?? null,
      lookup_key: lookupKey,
      metadata: metadataFrom(params.metadata),
      recurring,
      type: recurring ? "recurring" : "one_time",
      transform_quantity: null,
      unit_amount: unitAmount !== undefined ? Number(unitAmount) : null,
      unit_amount_decimal: unitAmountDecimal ?? unitAmount ?? null,
      custom_unit_amount: null,
    } as StripeObject);
  }),
  route("GET", "/v1/prices/:id", ({ store, path }) => store.get("price", path[0] ?? "")),
  route("GET", "/v1/prices", ({ store, params, url }) => {
    const keys = list(params.lookup_keys).filter((k): k is string => typeof k === "string");
    const active = str(params.active);
    return store.list(
      "price",
      url,
      (p) => (keys.length === 0 || keys.includes(String(p.lookup_key))) && (active === undefined || String(p.active) === active),
      params as Record<string, string>,
    );
  }),
];
