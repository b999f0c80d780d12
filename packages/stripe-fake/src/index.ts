export { startStripeFake, type StripeFake, type StripeFakeOptions, type RecordedRequest } from "./server.js";
export { parseForm, type FormObject, type FormValue } from "./form.js";
export { signWebhookPayload, buildEvent, deliverWebhook, type StripeEventObject, type WebhookDelivery } from "./webhooks.js";
export { StripeFakeError } from "./errors.js";
export type { InvoiceOptions } from "./resources/invoices.js";
export type { Store, StripeObject } from "./store.js";
