import { BUDGET_PERIODS, computePeriodKey, periodExpireAtMs, type BudgetPeriod } from "./periods.js";

/**
 * Every key of one tenant carries the hash tag `{t:<tenantId>}`, so all keys a script touches
 * land in one Redis Cluster slot. Ids are restricted to a safe alphabet: a `{` or `}` in an id
 * would move the hash tag and silently break cluster routing.
 *
 *   <prefix>{t:T}:rl:key:<keyId>        HASH  w (minute number), req, tok    – key RPM/TPM window
 *   <prefix>{t:T}:rl:ten                HASH  w, req, tok                    – tenant RPM/TPM window
 *   <prefix>{t:T}:req:<requestId>       HASH  w, est, ka (admitted record)   – TTL ≥ reservation TTL
 *   <prefix>{t:T}:done:<requestId>      STRING settled marker                – TTL (default 24 h)
 *   <prefix>{t:T}:bud:<budgetId>:<pk>   HASH  spent, reserved, r:<requestId> – until period end + retention
 *   <prefix>{t:T}:bud:<budgetId>:<pk>:rx ZSET requestId → reservation expiry ms
 *   <prefix>{t:T}:spend:ten:<pk>        HASH  pico, requests, tokens         – dashboard live counters
 *   <prefix>{t:T}:spend:key:<keyId>:<pk> HASH pico, requests, tokens
 */
const ID_RE = /^[A-Za-z0-9_.:-]{1,128}$/;
const PERIOD_KEY_RE = /^(total|\d{4}-\d{2}(-\d{2})?|\d{4}-W\d{2})$/;

export class InvalidIdError extends Error {
  override readonly name = "InvalidIdError";
}

export function assertId(value: string, what: string): void {
  if (!ID_RE.test(value)) throw new InvalidIdError(`${what} must match ${ID_RE} (got ${JSON.stringify(value)})`);
}

export function assertPeriodKey(value: string): void {
  if (!PERIOD_KEY_RE.test(value)) throw new InvalidIdError(`invalid period key ${JSON.stringify(value)}`);
}

export interface TenantKeys {
  readonly tag: string;
  keyWindow(keyId: string): string;
  tenantWindow(): string;
  request(requestId: string): string;
  settled(requestId: string): string;
  budget(budgetId: string, periodKey: string): string;
  budgetReservations(budgetId: string, periodKey: string): string;
  tenantSpend(periodKey: string): string;
  keySpend(keyId: string, periodKey: string): string;
}

// Every admit and settle needs a tenant's key builder; the few active tenants' builders are reused.
const keysMemo = new Map<string, TenantKeys>();

export function tenantKeys(prefix: string, tenantId: string): TenantKeys {
  const memoKey = `${prefix}\u0000${tenantId}`;
  let keys = keysMemo.get(memoKey);
  if (keys === undefined) {
    keys = buildTenantKeys(prefix, tenantId);
    if (keysMemo.size >= 10_000) keysMemo.clear();
    keysMemo.set(memoKey, keys);
  }
  return keys;
}

function buildTenantKeys(prefix: string, tenantId: string): TenantKeys {
  assertId(tenantId, "tenantId");
  if (prefix.includes("{") || prefix.includes("}")) throw new InvalidIdError("prefix must not contain { or }");
  const base = `${prefix}{t:${tenantId}}:`;
  return {
    tag: `{t:${tenantId}}`,
    keyWindow: (keyId) => `${base}rl:key:${keyId}`,
    tenantWindow: () => `${base}rl:ten`,
    request: (requestId) => `${base}req:${requestId}`,
    settled: (requestId) => `${base}done:${requestId}`,
    budget: (budgetId, pk) => `${base}bud:${budgetId}:${pk}`,
    budgetReservations: (budgetId, pk) => `${base}bud:${budgetId}:${pk}:rx`,
    tenantSpend: (pk) => `${base}spend:ten:${pk}`,
    keySpend: (keyId, pk) => `${base}spend:key:${keyId}:${pk}`,
  };
}

export interface SpendTarget {
  key: string;
  expireAtMs: number;
}

// The four periods' keys and expiries change at most once a minute; settle asks for them per request.
let memoMinute = -1;
let memoPeriods: { pk: string; expireAtMs: number }[] = [];

function periodsAt(at: Date): { pk: string; expireAtMs: number }[] {
  const minute = Math.floor(at.getTime() / 60_000);
  if (minute !== memoMinute) {
    // Computed for the minute's start so every instant of the minute gets the same answer.
    const start = new Date(minute * 60_000);
    memoPeriods = BUDGET_PERIODS.map((period) => ({ pk: computePeriodKey(period, start), expireAtMs: periodExpireAtMs(period as BudgetPeriod, start) }));
    memoMinute = minute;
  }
  return memoPeriods;
}

/** The generic spend hashes settle increments: tenant and key × every period type. */
export function spendTargets(keys: TenantKeys, keyId: string, at: Date): SpendTarget[] {
  const out: SpendTarget[] = [];
  for (const { pk, expireAtMs } of periodsAt(at)) {
    out.push({ key: keys.tenantSpend(pk), expireAtMs }, { key: keys.keySpend(keyId, pk), expireAtMs });
  }
  return out;
}
