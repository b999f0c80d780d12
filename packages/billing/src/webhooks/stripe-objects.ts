import { z } from "zod";

// Only the fields our handlers read; zod strips the rest. Expandable references come as an id or an object.
const ref = z.union([z.string(), z.object({ id: z.string() })]).transform((v) => (typeof v === "string" ? v : v.id));

export const invoiceObject = z.object({
  id: z.string(),
  object: z.literal("invoice"),
  customer: ref,
  status: z.string().nullable(),
  amount_due: z.number().int(),
  amount_paid: z.number().int(),
  currency: z.string(),
  hosted_invoice_url: z.string().nullable().optional(),
  period_start: z.number().int(),
  period_end: z.number().int(),
  created: z.number().int(),
  attempt_count: z.number().int().optional(),
  next_payment_attempt: z.number().int().nullable().optional(),
});
export type InvoiceObject = z.infer<typeof invoiceObject>;

export const subscriptionObject = z.object({
  id: z.string(),
  object: z.literal("subscription"),
  customer: ref,
  status: z.string(),
  cancel_at_period_end: z.boolean().optional(),
});
export type SubscriptionObject = z.infer<typeof subscriptionObject>;

export const checkoutSessionObject = z.object({
  id: z.string(),
  object: z.literal("checkout.session"),
  customer: ref.nullable(),
  subscription: ref.nullable(),
  client_reference_id: z.string().nullable().optional(),
  mode: z.string(),
  status: z.string().nullable(),
});
export type CheckoutSessionObject = z.infer<typeof checkoutSessionObject>;

/** The envelope of every event, after the web route has verified its signature. */
export const stripeEventEnvelope = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  created: z.number().int(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
export type StripeEventEnvelope = z.infer<typeof stripeEventEnvelope>;
