import { z } from "zod";

const ms = z.number().int().positive();

export const timeoutsSchema = z
  .object({
    connect_ms: ms.optional(),
    /** Until the upstream's response headers. */
    headers_ms: ms.optional(),
    /** Until the first content chunk of a stream; exceeded → fail over. */
    first_token_ms: ms.optional(),
    /** Longest silence between two stream chunks (stall detection). */
    idle_ms: ms.optional(),
    /** The whole request, every attempt included. */
    total_ms: ms.optional(),
  })
  .strict();

export const retrySchema = z
  .object({
    max_attempts_per_target: z.number().int().min(1).max(10).optional(),
    backoff_base_ms: ms.optional(),
    backoff_cap_ms: ms.optional(),
    retry_after_cap_ms: ms.optional(),
  })
  .strict();

export const circuitBreakerSchema = z
  .object({
    failure_threshold: z.number().int().min(1).optional(),
    /** Open when the error rate over `window_ms` exceeds this (0–1) with at least `min_requests`. */
    error_rate: z.number().gt(0).max(1).optional(),
    min_requests: z.number().int().min(1).optional(),
    window_ms: ms.optional(),
    cooldown_ms: ms.optional(),
  })
  .strict();

export const cacheSchema = z
  .object({
    enabled: z.boolean(),
    ttl_seconds: z.number().int().min(1).max(30 * 24 * 3600).default(300),
  })
  .strict();

export const providerSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, "lowercase letters, digits, '.', '_' or '-'"),
    kind: z.enum(["openai-compatible", "anthropic", "gemini"]),
    name: z.string().optional(),
    base_url: z.string().url(),
    /** The credential is never written in the file: name the environment variable holding it. */
    api_key_env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name"),
    headers: z.record(z.string(), z.string()).optional(),
    quirks: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const routeTargetSchema = z
  .object({
    /** A catalog model id or alias. */
    model: z.string().min(1),
    /** Pin a provider for this target (defaults to the model's own provider). */
    provider: z.string().optional(),
    weight: z.number().positive().optional(),
  })
  .strict();

export const routeSchema = z
  .object({
    /** The model name clients send. */
    name: z.string().min(1),
    strategy: z.enum(["fallback", "weighted", "latency", "cost"]).default("fallback"),
    targets: z.array(routeTargetSchema).min(1),
    timeouts: timeoutsSchema.optional(),
    retry: retrySchema.optional(),
    cache: cacheSchema.optional(),
  })
  .strict();

export const configSchema = z
  .object({
    providers: z.array(providerSchema).default([]),
    /** Extra catalog models, validated by the catalog's own schema. */
    models: z.array(z.unknown()).default([]),
    routes: z.array(routeSchema).default([]),
    defaults: z
      .object({
        timeouts: timeoutsSchema.optional(),
        retry: retrySchema.optional(),
        circuit_breaker: circuitBreakerSchema.optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export type SwitchboardConfig = z.infer<typeof configSchema>;
export type RouteConfig = z.infer<typeof routeSchema>;
export type ProviderConfig = z.infer<typeof providerSchema>;
export type TimeoutsConfig = z.infer<typeof timeoutsSchema>;
export type RetryConfig = z.infer<typeof retrySchema>;
export type CircuitBreakerConfig = z.infer<typeof circuitBreakerSchema>;
