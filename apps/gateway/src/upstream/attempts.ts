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
