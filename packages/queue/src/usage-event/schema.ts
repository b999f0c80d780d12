import { z } from "zod";

// Money crosses the queue as a decimal string of integer picodollars (1e-12 USD): JSON numbers
// lose precision above 2^53 and a float must never carry a cost.
const picoUsdString = z.string().regex(/^\d{1,30}$/, "costPicoUsd must be a non-negative integer as a decimal string");

const nonNegativeInt = z.number().int().nonnegative();

/** One upstream call made while serving the request (retries and failover each add one). */
export const usageAttemptSchema = z.object({
  provider: z.string().min(1),
  model: z.string().min(1),
  /** Upstream HTTP status; null when no response came back (timeout, connection reset). */
  status: z.number().int().min(100).max(599).nullable(),
  errorCode: z.string().nullable(),
  latencyMs: nonNegativeInt,
});
export type UsageAttempt = z.infer<typeof usageAttemptSchema>;

/**
 * The usage event the gateway emits for every request it answered: success, error, cancelled, cache hit.
 * Versioned with `v` so a worker can refuse (and dead-letter) a shape it does not know instead of guessing.
 */
export const usageEventSchema = z.object({
  v: z.literal(1),
  requestId: z.string().min(1).max(128),
  tenantId: z.string().min(1),
  apiKeyId: z.string().min(1),
  requestedModel: z.string().min(1),
  /** Model actually billed; equals requestedModel unless an alias or a fallback served it. Null when no upstream was reached. */
  servedModel: z.string().min(1).nullable(),
  /** Provider that served the answer; null when no upstream was reached (e.g. refused by a budget). */
  provider: z.string().min(1).nullable(),
  endpoint: z.string().min(1),
  attempts: z.object({
    count: nonNegativeInt,
    detail: z.array(usageAttemptSchema),
  }),
  promptTokens: nonNegativeInt,
  completionTokens: nonNegativeInt,
  cachedTokens: nonNegativeInt,
  cacheWriteTokens: nonNegativeInt,
  reasoningTokens: nonNegativeInt,
  /** True when the upstream reported no usage and the gateway counted tokens itself. */
  tokensEstimated: z.boolean(),
  costPicoUsd: picoUsdString,
  latencyMs: nonNegativeInt,
  ttftMs: nonNegativeInt.nullable(),
  httpStatus: z.number().int().min(100).max(599),
  outcome: z.enum(["success", "error", "cancelled"]),
  errorCode: z.string().nullable(),
  stream: z.boolean(),
  cacheHit: z.boolean(),
  startedAt: z.iso.datetime({ offset: true }),
  /** W3C trace context of the gateway's request span, so the worker's work joins the same trace. */
  traceparent: z.string().regex(/^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/).optional(),
  /** Request and response bodies, only for tenants that opted in (bounded by the gateway). */
  requestBody: z.unknown().optional(),
  responseBody: z.unknown().optional(),
});
export type UsageEvent = z.infer<typeof usageEventSchema>;
