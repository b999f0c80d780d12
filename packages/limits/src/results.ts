import { assertId, assertPeriodKey } from "./key-layout.js";
import { toPico, type Pico } from "./money.js";
import { computePeriodKey, periodExpireAtMs, periodOfKey, periodResetAt, type BudgetPeriod } from "./periods.js";
import type {
  AdmitInput,
  AdmitResult,
  BudgetInput,
  BudgetState,
  Denial,
  LimiterSource,
  RateLimits,
  ScopeRateState,
  SettleInput,
  WindowState,
} from "./types.js";

/** Shared validation and result shaping for every Limiter implementation, so they answer alike. */

export const WINDOW_MS = 60_000;
export const DEFAULT_RESERVATION_TTL_MS = 10 * 60_000;
export const MAX_RESERVATION_TTL_MS = 24 * 60 * 60_000;

export class InvalidLimitInputError extends Error {
  override readonly name = "InvalidLimitInputError";
}

export interface ResolvedBudget {
  id: string;
  period: BudgetPeriod;
  periodKey: string;
  mode: "hard" | "soft";
  limitPico: Pico;
  expireAtMs: number;
  resetAt: Date | null;
}

function periodStart(periodKey: string, period: BudgetPeriod, fallback: Date): Date {
  // Expiry and reset follow the period named by the key (which may be the admission's period at settle time).
  if (period === "total") return fallback;
  if (period === "weekly") {
    const [y, w] = periodKey.split("-W").map(Number) as [number, number];
    const jan4 = Date.UTC(y, 0, 4);
    const mondayOfWeek1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86_400_000;
    return new Date(mondayOfWeek1 + (w - 1) * 7 * 86_400_000);
  }
  const [y, m, d] = periodKey.split("-").map(Number) as [number, number, number | undefined];
  return new Date(Date.UTC(y, m - 1, d ?? 1));
}

// Period math runs on every admit and settle for every budget; its inputs repeat (a few budgets, one
// period key per day/week/month), so memoise: period keys per minute (boundaries fall on minutes), and
// expiry/reset per key. Both maps stay tiny; they are cleared if they ever grow.
const keyMemo = new Map<string, string>();
const infoMemo = new Map<string, { expireAtMs: number; resetAt: Date | null }>();

function memoPeriodKey(period: BudgetPeriod, now: Date): string {
  if (period === "total") return computePeriodKey(period, now);
  const k = `${period}|${Math.floor(now.getTime() / 60_000)}`;
  let v = keyMemo.get(k);
  if (v === undefined) {
    if (keyMemo.size > 1_000) keyMemo.clear();
    v = computePeriodKey(period, now);
    keyMemo.set(k, v);
  }
  return v;
}

function periodInfo(period: BudgetPeriod, periodKey: string, now: Date): { expireAtMs: number; resetAt: Date | null } {
  if (period === "total") {
    const start = periodStart(periodKey, period, now);
    return { expireAtMs: periodExpireAtMs(period, start), resetAt: periodResetAt(period, start) };
  }
  const k = `${period}|${periodKey}`;
  let v = infoMemo.get(k);
  if (v === undefined) {
    if (infoMemo.size > 1_000) infoMemo.clear();
    const start = periodStart(periodKey, period, now);
    v = { expireAtMs: periodExpireAtMs(period, start), resetAt: periodResetAt(period, start) };
    infoMemo.set(k, v);
  }
  return v;
}

// The gateway passes the same budgets array for every request of a key; within one minute its
// resolution cannot change (period boundaries fall on minutes), so it is computed once per minute.
const resolvedMemo = new WeakMap<readonly BudgetInput[], { minute: number; resolved: ResolvedBudget[] }>();

/** Resolved budgets for `now`. The result may be shared between calls: treat it as read-only. */
export function resolveBudgets(budgets: readonly BudgetInput[], now: Date): ResolvedBudget[] {
  if (budgets.length === 0) return [];
  const minute = Math.floor(now.getTime() / 60_000);
  const memo = resolvedMemo.get(budgets);
  if (memo !== undefined && memo.minute === minute) return memo.resolved;
  const resolved = resolveBudgetsNow(budgets, now);
  resolvedMemo.set(budgets, { minute, resolved });
  return resolved;
}

function resolveBudgetsNow(budgets: readonly BudgetInput[], now: Date): ResolvedBudget[] {
  const seen = new Set<string>();
  return budgets.map((b) => {
    assertId(b.id, "budget id");
    const periodKey = b.periodKey ?? memoPeriodKey(b.period, now);
    assertPeriodKey(periodKey);
    if (periodOfKey(periodKey) !== b.period) throw new InvalidLimitInputError(`period key ${periodKey} is not ${b.period}`);
    const dedupe = `${b.id}:${periodKey}`;
    if (seen.has(dedupe)) throw new InvalidLimitInputError(`budget ${dedupe} listed twice`);
    seen.add(dedupe);
    const info = periodInfo(b.period, periodKey, now);
    return {
      id: b.id,
      period: b.period,
      periodKey,
      mode: b.mode,
      limitPico: toPico(b.limitPico, `budget ${b.id} limit`),
      expireAtMs: info.expireAtMs,
      // A copy of the memo's date (the result itself is shared per minute, read-only).
      resetAt: info.resetAt ? new Date(info.resetAt.getTime()) : null,
    };
  });
}

function assertCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new InvalidLimitInputError(`${what} must be a non-negative integer`);
}

export function assertLimits(limits: RateLimits, what: string): void {
  if (limits.rpm !== null) assertCount(limits.rpm, `${what} rpm`);
  if (limits.tpm !== null) assertCount(limits.tpm, `${what} tpm`);
}

export interface ValidatedAdmit {
  reservePico: Pico;
  reservationTtlMs: number;
  budgets: ResolvedBudget[];
}

export function validateAdmit(input: AdmitInput, now: Date): ValidatedAdmit {
  assertId(input.keyId, "keyId");
  assertId(input.requestId, "requestId");
  assertId(input.tenantId, "tenantId");
  assertLimits(input.keyLimits, "key");
  assertLimits(input.tenantLimits, "tenant");
  assertCount(input.estimatedTokens, "estimatedTokens");
  const reservationTtlMs = input.reservationTtlMs ?? DEFAULT_RESERVATION_TTL_MS;
  if (!Number.isSafeInteger(reservationTtlMs) || reservationTtlMs < 1 || reservationTtlMs > MAX_RESERVATION_TTL_MS) {
    throw new InvalidLimitInputError(`reservationTtlMs must be 1..${MAX_RESERVATION_TTL_MS}`);
  }
  return {
    reservePico: toPico(input.reservePico, "reservePico"),
    reservationTtlMs,
    budgets: resolveBudgets(input.budgets, now),
  };
}

export function validateSettle(input: SettleInput, now: Date): { costPico: Pico; budgets: ResolvedBudget[] } {
  assertId(input.keyId, "keyId");
  assertId(input.requestId, "requestId");
  assertId(input.tenantId, "tenantId");
  assertCount(input.actualTokens, "actualTokens");
  return { costPico: toPico(input.costPico, "costPico"), budgets: resolveBudgets(input.budgets, now) };
}

function windowState(limit: number | null, used: number, resetAtMs: number): WindowState {
  return { limit, remaining: limit === null ? null : Math.max(0, limit - used), used, resetAtMs };
}

export interface WindowCounts {
  keyRequests: number;
  keyTokens: number;
  tenantRequests: number;
  tenantTokens: number;
}

export type Outcome =
  | { status: "ok" | "dup" }
  | { status: "key_rpm" | "key_tpm" | "tenant_rpm" | "tenant_tpm" }
  | { status: "budget"; index: number };

export interface BudgetFigures {
  spent: Pico;
  /** Reserved by other requests, before this request's reservation. */
  reserved: Pico;
}

/** Turns raw counters (after apply, when allowed) into the public AdmitResult. */
export function buildAdmitResult(args: {
  input: AdmitInput;
  validated: ValidatedAdmit;
  nowMs: number;
  counts: WindowCounts;
  figures: BudgetFigures[];
  outcome: Outcome;
  source: LimiterSource;
}): AdmitResult {
  const { input, validated, nowMs, counts, figures, outcome, source } = args;
  const resetAtMs = (Math.floor(nowMs / WINDOW_MS) + 1) * WINDOW_MS;
  const rate: Record<"key" | "tenant", ScopeRateState> = {
    key: {
      requests: windowState(input.keyLimits.rpm, counts.keyRequests, resetAtMs),
      tokens: windowState(input.keyLimits.tpm, counts.keyTokens, resetAtMs),
    },
    tenant: {
      requests: windowState(input.tenantLimits.rpm, counts.tenantRequests, resetAtMs),
      tokens: windowState(input.tenantLimits.tpm, counts.tenantTokens, resetAtMs),
    },
  };
  const appliedNow = outcome.status === "ok";
  const budgets: BudgetState[] = validated.budgets.map((b, i) => {
    const f = figures[i] ?? { spent: 0n, reserved: 0n };
    const reserved = f.reserved + (appliedNow && b.mode === "hard" ? validated.reservePico : 0n);
    const remaining = b.limitPico - f.spent - reserved;
    return {
      id: b.id,
      period: b.period,
      periodKey: b.periodKey,
      mode: b.mode,
      limitPico: b.limitPico,
      spentPico: f.spent,
      reservedPico: reserved,
      remainingPico: remaining > 0n ? remaining : 0n,
      exceeded: f.spent >= b.limitPico,
      resetAt: b.resetAt,
    };
  });
  const base = { nowMs, rate, budgets, source };
  if (outcome.status === "ok" || outcome.status === "dup") {
    return { ...base, allowed: true, duplicate: outcome.status === "dup" };
  }
  if (outcome.status === "budget") {
    const b = validated.budgets[outcome.index];
    if (b === undefined) throw new Error(`limiter reported unknown budget index ${outcome.index}`);
    const denial: Denial = { kind: "budget", budgetId: b.id, period: b.period, periodKey: b.periodKey, limitPico: b.limitPico };
    return { ...base, allowed: false, denial, retryAfterMs: b.resetAt === null ? null : Math.max(0, b.resetAt.getTime() - nowMs) };
  }
  const scope = outcome.status.startsWith("key") ? "key" : "tenant";
  const dimension = outcome.status.endsWith("rpm") ? "requests" : "tokens";
  const limits = scope === "key" ? input.keyLimits : input.tenantLimits;
  const limit = (dimension === "requests" ? limits.rpm : limits.tpm) ?? 0;
  const tooLarge = dimension === "requests" ? limit < 1 : input.estimatedTokens > limit;
  return {
    ...base,
    allowed: false,
    denial: { kind: "rate", scope, dimension, limit, tooLarge },
    retryAfterMs: tooLarge ? null : resetAtMs - nowMs,
  };
}
