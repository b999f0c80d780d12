import type { BudgetPeriod } from "./periods.js";

/** Per-minute limits of one scope; null = unlimited. */
export interface RateLimits {
  rpm: number | null;
  tpm: number | null;
}

export interface BudgetInput {
  id: string;
  /** Limit in picodollars (1e-12 USD). */
  limitPico: bigint | number | string;
  period: BudgetPeriod;
  /**
   * Period bucket, e.g. "2026-11". Defaults to computePeriodKey(period, now). Pass the same
   * BudgetInput objects to admit and settle so a request straddling a period boundary releases the
   * reservation it made and is charged to the period it was admitted in.
   */
  periodKey?: string;
  /** hard: denies when spent + reserved + this request's reservation would exceed the limit. soft: never denies. */
  mode: "hard" | "soft";
}

export interface AdmitInput {
  tenantId: string;
  keyId: string;
  /** Unique per request; makes admit and settle idempotent. */
  requestId: string;
  keyLimits: RateLimits;
  tenantLimits: RateLimits;
  /** Prompt tokens + expected output tokens, charged to TPM now and corrected by settle. */
  estimatedTokens: number;
  /** Worst-case cost of the request, reserved against every hard budget until settle or expiry. */
  reservePico: bigint | number;
  budgets: readonly BudgetInput[];
  /** How long a reservation holds if settle never comes (crashed gateway). */
  reservationTtlMs?: number;
  /** Clock override for tests; in production the Redis server clock decides windows and expiries. */
  nowMs?: number;
}

export interface SettleInput {
  tenantId: string;
  keyId: string;
  requestId: string;
  /** Exact cost in picodollars; 0 for requests that failed before any upstream usage. */
  costPico: bigint | number;
  /** Actual total tokens (prompt + completion); TPM is corrected by actual − estimated. */
  actualTokens: number;
  budgets: readonly BudgetInput[];
  nowMs?: number;
}

export type LimitScope = "key" | "tenant";

/** One rate-limit dimension for x-ratelimit-* headers; limit/remaining null when unlimited. */
export interface WindowState {
  limit: number | null;
  remaining: number | null;
  used: number;
  resetAtMs: number;
}

export interface ScopeRateState {
  requests: WindowState;
  tokens: WindowState;
}

export interface BudgetState {
  id: string;
  period: BudgetPeriod;
  periodKey: string;
  mode: "hard" | "soft";
  limitPico: bigint;
  spentPico: bigint;
  reservedPico: bigint;
  /** limit − spent − reserved, floored at 0. */
  remainingPico: bigint;
  /** spent ≥ limit (for soft budgets: the alert condition). */
  exceeded: boolean;
  resetAt: Date | null;
}

export type Denial =
  | {
      kind: "rate";
      scope: LimitScope;
      dimension: "requests" | "tokens";
      limit: number;
      /** True when the request alone exceeds the limit, so waiting cannot help (OpenAI's "request too large"). */
      tooLarge: boolean;
    }
  | { kind: "budget"; budgetId: string; period: BudgetPeriod; periodKey: string; limitPico: bigint };

export type LimiterSource = "redis" | "local" | "noop";

interface AdmitResultBase {
  nowMs: number;
  rate: Record<LimitScope, ScopeRateState>;
  budgets: BudgetState[];
  source: LimiterSource;
}

export type AdmitResult =
  | (AdmitResultBase & { allowed: true; /** admit was retried for an already admitted request id. */ duplicate: boolean })
  | (AdmitResultBase & {
      allowed: false;
      denial: Denial;
      /** When a retry could succeed; null when it cannot within this period (too large, or a total budget). */
      retryAfterMs: number | null;
    });

export interface SettleResult {
  /** false when this request id was already settled (the call changed nothing). */
  settled: boolean;
  source: LimiterSource;
}

/** Rate limits, budgets and spend for the gateway hot path (interface + Redis, local and no-op implementations). */
export interface Limiter {
  admit(input: AdmitInput): Promise<AdmitResult>;
  settle(input: SettleInput): Promise<SettleResult>;
}
