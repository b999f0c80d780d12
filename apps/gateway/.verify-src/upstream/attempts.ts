import type { RetryConfig, TimeoutsConfig } from "@switchboard/config";

/** One try against one deployment, reported in headers and in the usage event. */
export interface AttemptRecord {
  deployment: string;
  provider: string;
  model: string;
  status: number;
  errorCode: string | null;
  latencyMs: number;
}

export interface RetryPolicy {
  maxAttemptsPerTarget: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  retryAfterCapMs: number;
  /** Overall deadline for the whole request, all attempts included. */
  totalTimeoutMs: number;
  headersTimeoutMs: number;
  /** Time allowed until the first content chunk of a stream (fail over when exceeded). */
  firstTokenTimeoutMs: number;
  /** Longest silence between two chunks of a stream. */
  idleTimeoutMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttemptsPerTarget: 2,
  backoffBaseMs: 200,
  backoffCapMs: 4_000,
  retryAfterCapMs: 10_000,
  totalTimeoutMs: 600_000,
  headersTimeoutMs: 120_000,
  firstTokenTimeoutMs: 120_000,
  idleTimeoutMs: 60_000,
};

/** The operator's config defaults over the built-in ones. */
export function retryPolicyFrom(defaults: { timeouts?: TimeoutsConfig | undefined; retry?: RetryConfig | undefined }): RetryPolicy {
  const t = defaults.timeouts ?? {};
  const r = defaults.retry ?? {};
  return {
    maxAttemptsPerTarget: r.max_attempts_per_target ?? defaultRetryPolicy.maxAttemptsPerTarget,
    backoffBaseMs: r.backoff_base_ms ?? defaultRetryPolicy.backoffBaseMs,
    backoffCapMs: r.backoff_cap_ms ?? defaultRetryPolicy.backoffCapMs,
    retryAfterCapMs: r.retry_after_cap_ms ?? defaultRetryPolicy.retryAfterCapMs,
    totalTimeoutMs: t.total_ms ?? defaultRetryPolicy.totalTimeoutMs,
    headersTimeoutMs: t.headers_ms ?? defaultRetryPolicy.headersTimeoutMs,
    firstTokenTimeoutMs: t.first_token_ms ?? defaultRetryPolicy.firstTokenTimeoutMs,
    idleTimeoutMs: t.idle_ms ?? defaultRetryPolicy.idleTimeoutMs,
  };
}
