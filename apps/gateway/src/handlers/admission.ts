import type { AdmitResult, BudgetInput } from "@switchboard/limits";
import type { KeyRecord } from "../auth/key-record.js";
import { GatewayError } from "../http/errors.js";

// One array per key record (records are replaced, not mutated, when a key changes), so the limiter
// can memoise the budgets' period math on it.
const inputsOf = new WeakMap<KeyRecord, BudgetInput[]>();

/** The key's budgets as the limiter takes them (the same array for the same record; do not mutate). */
export function budgetInputs(key: KeyRecord): BudgetInput[] {
  let inputs = inputsOf.get(key);
  if (inputs === undefined) {
    inputs = key.budgets.map((b) => ({ id: b.id, limitPico: b.limitPicoUsd, period: b.period, mode: b.enforcement }));
    inputsOf.set(key, inputs);
  }
  return inputs;
}

/** A refused admission as the client sees it: which limit, and when to retry (or that retrying won't help). */
export function denialError(admit: Extract<AdmitResult, { allowed: false }>, key: KeyRecord, headers: Record<string, string>): GatewayError {
  const d = admit.denial;
  if (d.kind === "budget") {
    const state = admit.budgets.find((b) => b.id === d.budgetId);
    const resets = state?.resetAt ? ` It resets at ${state.resetAt.toISOString()}.` : " It does not reset (total budget).";
    const rule = key.budgets.find((b) => b.id === d.budgetId);
    // 429 + insufficient_quota is what OpenAI itself returns, so SDK error handling keeps working; no SDK retry.
    return new GatewayError(429, `Budget exhausted: the ${rule?.scope ?? "tenant"} ${d.period} budget ${d.budgetId} (limit $${(Number(d.limitPico) / 1e12).toFixed(2)}) is used up.${resets}`, "insufficient_quota", "insufficient_quota", null, { ...headers, "x-should-retry": "false" });
  }
  const scope = d.scope === "key" ? "API key" : "organisation";
  const msg = d.tooLarge
    ? `Request too large: it needs more ${d.dimension} than the ${scope}'s limit of ${d.limit} per minute.`
    : `Rate limit reached for the ${scope}: ${d.limit} ${d.dimension} per minute. Please retry after the reset.`;
  return new GatewayError(429, msg, "rate_limit_error", d.dimension === "tokens" ? "rate_limit_tokens" : "rate_limit_requests", null, d.tooLarge ? { ...headers, "x-should-retry": "false" } : headers);
}

