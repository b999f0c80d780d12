import type { Pico } from "./money.js";
import { buildAdmitResult, validateAdmit, validateSettle, WINDOW_MS, type BudgetFigures, type Outcome } from "./results.js";
import type { AdmitInput, AdmitResult, BudgetState, Limiter, SettleInput, SettleResult } from "./types.js";

/**
 * In-memory limiter for when Redis is unreachable. It is PER PROCESS: every replica counts on its own,
 * so with N replicas a limit L effectively becomes up to N × L per window, and concurrency between
 * replicas is not coordinated. Budgets stay fail-safe: each is enforced against the last spent +
 * reserved figure Redis reported (see `observe`) plus what this process reserved and spent since.
 * A budget this process never saw from Redis starts from zero, so keep the degraded window short.
 */
export interface LocalLimiter extends Limiter {
  /** Records the budget figures Redis returned, as the baseline for degraded mode. */
  observe(tenantId: string, budgets: readonly BudgetState[]): void;
  /**
   * Mirror a settle Redis already applied: spend only, no per-request markers, so the healthy path
   * keeps budget figures current without holding anything per request.
   */
  mirrorSpend(input: SettleInput): void;
  /** Entries currently held (for tests and metrics). */
  size(): number;
}

interface Window {
  w: number;
  req: number;
  tok: number;
}

interface LocalBudget {
  baseline: Pico;
  spent: Pico;
  reservations: Map<string, { amount: Pico; expiresAt: number }>;
}

const SETTLED_TTL_MS = 60 * 60_000;

export function createLocalLimiter(options: { now?: () => number } = {}): LocalLimiter {
  const clock = options.now ?? Date.now;
  const windows = new Map<string, Window>();
  const records = new Map<string, { w: number; est: number; expiresAt: number }>();
  const settled = new Map<string, number>();
  const budgets = new Map<string, LocalBudget>();
  let calls = 0;

  const budgetKey = (tenantId: string, id: string, periodKey: string) => `${tenantId}|${id}|${periodKey}`;
  function budgetOf(key: string): LocalBudget {
    let b = budgets.get(key);
    if (b === undefined) {
      b = { baseline: 0n, spent: 0n, reservations: new Map() };
      budgets.set(key, b);
    }
    return b;
  }
  function reservedOf(b: LocalBudget, now: number): Pico {
    let sum = 0n;
    for (const [rid, r] of b.reservations) {
      if (r.expiresAt <= now) b.reservations.delete(rid);
      else sum += r.amount;
    }
    return sum;
  }
  function windowOf(key: string, w: number): Window {
    const cur = windows.get(key);
    if (cur !== undefined && cur.w === w) return cur;
    const fresh = { w, req: 0, tok: 0 };
    windows.set(key, fresh);
    return fresh;
  }
  // Bounded memory: stale windows, records and markers are dropped every few thousand calls.
  function sweep(now: number): void {
    const w = Math.floor(now / WINDOW_MS);
    for (const [k, v] of windows) if (v.w < w - 1) windows.delete(k);
    for (const [k, v] of records) if (v.expiresAt <= now) records.delete(k);
    for (const [k, v] of settled) if (v <= now) settled.delete(k);
    for (const b of budgets.values()) reservedOf(b, now);
  }

  async function admit(input: AdmitInput): Promise<AdmitResult> {
    const now = input.nowMs ?? clock();
    const validated = validateAdmit(input, new Date(now));
    if (++calls % 4096 === 0) sweep(now);
    const w = Math.floor(now / WINDOW_MS);
    const kw = windowOf(`${input.tenantId}|k|${input.keyId}`, w);
    const tw = windowOf(`${input.tenantId}|t`, w);
    const recordKey = `${input.tenantId}|${input.requestId}`;
    const state = validated.budgets.map((b) => budgetOf(budgetKey(input.tenantId, b.id, b.periodKey)));
    const figures: BudgetFigures[] = state.map((b) => ({ spent: b.baseline + b.spent, reserved: reservedOf(b, now) }));

    const over = (limit: number | null, used: number, amount: number) => limit !== null && used + amount > limit;
    let outcome: Outcome = { status: "ok" };
    if (records.has(recordKey)) outcome = { status: "dup" };
    else if (over(input.keyLimits.rpm, kw.req, 1)) outcome = { status: "key_rpm" };
    else if (over(input.keyLimits.tpm, kw.tok, input.estimatedTokens)) outcome = { status: "key_tpm" };
    else if (over(input.tenantLimits.rpm, tw.req, 1)) outcome = { status: "tenant_rpm" };
    else if (over(input.tenantLimits.tpm, tw.tok, input.estimatedTokens)) outcome = { status: "tenant_tpm" };
    else {
      const index = validated.budgets.findIndex((b, i) => {
        const f = figures[i]!;
        return b.mode === "hard" && f.spent + f.reserved + validated.reservePico > b.limitPico;
      });
      if (index >= 0) outcome = { status: "budget", index };
    }

    if (outcome.status === "ok") {
      kw.req += 1;
      kw.tok += input.estimatedTokens;
      tw.req += 1;
      tw.tok += input.estimatedTokens;
      records.set(recordKey, { w, est: input.estimatedTokens, expiresAt: now + Math.max(validated.reservationTtlMs, 2 * WINDOW_MS) });
      if (validated.reservePico > 0n) {
        validated.budgets.forEach((b, i) => {
          if (b.mode === "hard") {
            state[i]!.reservations.set(input.requestId, { amount: validated.reservePico, expiresAt: now + validated.reservationTtlMs });
          }
        });
      }
    }
    return buildAdmitResult({
      input,
      validated,
      nowMs: now,
      counts: { keyRequests: kw.req, keyTokens: kw.tok, tenantRequests: tw.req, tenantTokens: tw.tok },
      figures,
      outcome,
      source: "local",
    });
  }

  async function settle(input: SettleInput): Promise<SettleResult> {
    const now = input.nowMs ?? clock();
    const { costPico, budgets: resolved } = validateSettle(input, new Date(now));
    const recordKey = `${input.tenantId}|${input.requestId}`;
    if ((settled.get(recordKey) ?? 0) > now) return { settled: false, source: "local" };
    settled.set(recordKey, now + SETTLED_TTL_MS);
    const record = records.get(recordKey);
    if (record !== undefined) {
      const delta = input.actualTokens - record.est;
      for (const key of [`${input.tenantId}|k|${input.keyId}`, `${input.tenantId}|t`]) {
        const win = windows.get(key);
        if (win !== undefined && win.w === record.w) win.tok += delta;
      }
    }
    for (const b of resolved) {
      const state = budgetOf(budgetKey(input.tenantId, b.id, b.periodKey));
      state.reservations.delete(input.requestId);
      state.spent += costPico;
    }
    return { settled: true, source: "local" };
  }

  function observe(tenantId: string, states: readonly BudgetState[]): void {
    for (const s of states) {
      const b = budgetOf(budgetKey(tenantId, s.id, s.periodKey));
      // Redis is the truth again: local spend until now is either in it or replayed into it.
      b.baseline = s.spentPico + s.reservedPico;
      b.spent = 0n;
    }
  }

  function mirrorSpend(input: SettleInput): void {
    const { costPico, budgets: resolved } = validateSettle(input, new Date(input.nowMs ?? clock()));
    for (const b of resolved) {
      const state = budgetOf(budgetKey(input.tenantId, b.id, b.periodKey));
      state.reservations.delete(input.requestId);
      state.spent += costPico;
    }
  }

  return { admit, settle, observe, mirrorSpend, size: () => windows.size + records.size + settled.size + budgets.size };
}
