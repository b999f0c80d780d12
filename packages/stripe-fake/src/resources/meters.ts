import { StripeFakeError, invalidParam, missingParam } from "../errors.js";
import { obj, str } from "../form.js";
import { route, type Route } from "../router.js";
import { template, type Store, type StripeObject } from "../store.js";

/** Identifiers are unique per account for at least 24 hours (we keep them for the server's lifetime). */
const DAY = 86_400;

export function meterForEvent(store: Store, eventName: string): StripeObject | undefined {
  return store.all("billing.meter").find((m) => m.event_name === eventName && m.status === "active");
}

/** Sum of `value` over a customer's events for a meter in [start, end): what an invoice bills. */
export function aggregate(store: Store, meter: StripeObject, customer: string, start: number, end: number): number {
  const customerKey = String((meter.customer_mapping as Record<string, unknown>).event_payload_key);
  const valueKey = String((meter.value_settings as Record<string, unknown>).event_payload_key);
  let sum = 0;
  for (const e of store.all("billing.meter_event")) {
    const payload = e.payload as Record<string, string>;
    const ts = Number(e.timestamp);
    if (e.event_name === meter.event_name && payload[customerKey] === customer && ts >= start && ts < end) sum += Number(payload[valueKey]);
  }
  return sum;
}

export const meterRoutes: Route[] = [
  route("POST", "/v1/billing/meters", ({ store, params }) => {
    const displayName = str(params.display_name);
    const eventName = str(params.event_name);
    const formula = str(obj(params.default_aggregation)?.formula);
    if (!displayName) throw missingParam("display_name");
    if (!eventName) throw missingParam("event_name");
    if (!formula) throw missingParam("default_aggregation[formula]");
    if (!["sum", "count", "last"].includes(formula)) throw invalidParam("default_aggregation[formula]", `Invalid formula: ${formula}`);
    if (meterForEvent(store, eventName)) {
      throw new StripeFakeError(400, "invalid_request_error", `An active meter with event_name '${eventName}' already exists.`, undefined, "event_name");
    }
    return store.put({
      ...template("billing.meter"),
      id: store.newId("mtr"),
      object: "billing.meter",
      created: store.clock(),
      updated: store.clock(),
      livemode: false,
      display_name: displayName,
      event_name: eventName,
      default_aggregation: { formula },
      customer_mapping: {
        event_payload_key: str(obj(params.customer_mapping)?.event_payload_key) ?? "stripe_customer_id",
        type: "by_id",
      },
      value_settings: { event_payload_key: str(obj(params.value_settings)?.event_payload_key) ?? "value" },
      status: "active",
    } as StripeObject);
  }),
  route("GET", "/v1/billing/meters", ({ store, params, url }) =>
    store.list("billing.meter", url, (m) => !str(params.status) || m.status === str(params.status), params as Record<string, string>),
  ),
  route("GET", "/v1/billing/meters/:id", ({ store, path }) => store.get("billing.meter", path[0] ?? "", "billing.meter")),
  route("GET", "/v1/billing/meters/:id/event_summaries", ({ store, path, params, url }) => {
    const meter = store.get("billing.meter", path[0] ?? "", "billing.meter");
    const customer = str(params.customer);
    const start = str(params.start_time);
    const end = str(params.end_time);
    if (!customer) throw missingParam("customer");
    if (!start) throw missingParam("start_time");
    if (!end) throw missingParam("end_time");
    const summary = {
      ...template("billing.meter_event_summary"),
      id: `mtrusg_${meter.id}_${customer}_${start}`,
      meter: meter.id,
      start_time: Number(start),
      end_time: Number(end),
      aggregated_value: aggregate(store, meter, customer, Number(start), Number(end)),
    };
    return { object: "list", data: [summary], has_more: false, url };
  }),
  route("POST", "/v1/billing/meter_events", ({ store, params }) => {
    const eventName = str(params.event_name);
    const payload = obj(params.payload);
    if (!eventName) throw missingParam("event_name");
    if (!payload) throw missingParam("payload");
    const meter = meterForEvent(store, eventName);
    if (meter) {
      const customerKey = String((meter.customer_mapping as Record<string, unknown>).event_payload_key);
      const valueKey = String((meter.value_settings as Record<string, unknown>).event_payload_key);
      if (!str(payload[customerKey])) throw missingParam(`payload[${customerKey}]`);
      const value = str(payload[valueKey]);
      if (value === undefined) throw missingParam(`payload[${valueKey}]`);
      if (!/^-?\d+(\.\d+)?$/.test(value)) throw invalidParam(`payload[${valueKey}]`, `Invalid value: ${value} is not a number.`);
    }
    const now = store.clock();
    const timestamp = str(params.timestamp) !== undefined ? Number(str(params.timestamp)) : now;
    if (timestamp < now - 35 * DAY || timestamp > now + 300) {
      throw invalidParam("timestamp", "Timestamp must be within the past 35 calendar days or up to 5 minutes in the future.");
    }
    const identifier = str(params.identifier) ?? store.newId("mev");
    if (store.find("billing.meter_event", identifier)) {
      throw new StripeFakeError(
        400,
        "invalid_request_error",
        `An event with identifier '${identifier}' already exists.`,
        "resource_already_exists",
        "identifier",
      );
    }
    // Stored under its identifier, so the uniqueness check above is a lookup.
    const event = {
      id: identifier,
      object: "billing.meter_event",
      created: now,
      event_name: eventName,
      identifier,
      livemode: false,
      payload: Object.fromEntries(Object.entries(payload).filter(([, v]) => typeof v === "string")),
      timestamp,
    };
    store.put(event);
    // The wire object has no `id`, exactly like Stripe's.
    const { id: _id, ...wire } = event;
    return wire;
  }),
];
