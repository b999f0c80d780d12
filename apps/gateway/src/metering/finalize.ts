import { computeCost, priceAt, type CatalogModel } from "@switchboard/catalog";
import type { BudgetInput } from "@switchboard/limits";
import type { UsageEvent } from "@switchboard/queue";
import type { Usage } from "@switchboard/spec";
import type { AppContext } from "../context.js";
import type { AttemptRecord } from "../upstream/attempts.js";
import type { RequestCtx } from "../http/request-ctx.js";
import { traceparentOf } from "@switchboard/telemetry";

export interface Settlement {
  requestedModel: string;
  model: CatalogModel | null;
  provider: string | null;
  attempts: AttemptRecord[];
  usage: Usage | null;
  tokensEstimated: boolean;
  httpStatus: number;
  outcome: "success" | "error" | "cancelled";
  errorCode: string | null;
  stream: boolean;
  ttftMs: number | null;
  cacheHit: boolean;
  /** Budgets the request was admitted against (null when it never was). */
  admittedBudgets: BudgetInput[] | null;
  /** What the client received, for tenants that store bodies. */
  responseBody?: unknown;
}

const MAX_STORED_BODY_CHARS = 64 * 1024;

/** A body as stored in the request log: whole when small, else a marked preview. */
function bounded(body: unknown): unknown {
  const text = JSON.stringify(body);
  if (text === undefined) return null;
  return text.length <= MAX_STORED_BODY_CHARS ? body : { truncated: true, bytes: text.length, preview: text.slice(0, MAX_STORED_BODY_CHARS) };
}

const count = (n: number | null | undefined) => (typeof n === "number" && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);

/**
 * Usage as billed: whole non-negative counts, cached + cache-written within the prompt and reasoning
 * within the completion. An upstream (or adapter) that contradicts itself must neither turn a delivered
 * answer into a 500 nor lose the request's usage event and budget settlement; it is billed on the
 * consistent part (the figures the usage event carries, so a test or an invoice can recompute it).
 */
export function billableUsage(usage: Usage): Usage {
  const prompt = count(usage.prompt_tokens);
  const completion = count(usage.completion_tokens);
  const cached = Math.min(count(usage.prompt_tokens_details?.cached_tokens), prompt);
  const cacheWrite = Math.min(count(usage.prompt_tokens_details?.cache_write_tokens), prompt - cached);
  const reasoning = Math.min(count(usage.completion_tokens_details?.reasoning_tokens), completion);
  const out: Usage = { ...usage, prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (usage.prompt_tokens_details) out.prompt_tokens_details = { ...usage.prompt_tokens_details, cached_tokens: cached, cache_write_tokens: cacheWrite };
  if (usage.completion_tokens_details) out.completion_tokens_details = { ...usage.completion_tokens_details, reasoning_tokens: reasoning };
  return out;
}

/** Whether billing changed any figure of what the upstream reported. */
const sameFigures = (a: Usage, b: Usage) =>
  a.prompt_tokens === b.prompt_tokens &&
  a.completion_tokens === b.completion_tokens &&
  (a.prompt_tokens_details?.cached_tokens ?? 0) === (b.prompt_tokens_details?.cached_tokens ?? 0) &&
  (a.prompt_tokens_details?.cache_write_tokens ?? 0) === (b.prompt_tokens_details?.cache_write_tokens ?? 0) &&
  (a.completion_tokens_details?.reasoning_tokens ?? 0) === (b.completion_tokens_details?.reasoning_tokens ?? 0);

// Requests already accounted for: exactly one usage event (and one settle) per request, whatever path ends it.
const finalized = new WeakSet<RequestCtx>();

export function isFinalized(rc: RequestCtx): boolean {
  return finalized.has(rc);
}

/**
 * For a request the gateway refused after authentication but before admission (bad body, unknown or
 * forbidden model, context too long, ...): one error event at cost 0, so the request log and the
 * "one event per request" invariant hold. A no-op when the request was already finalized.
 */
export function finalizeRefusal(ctx: AppContext, rc: RequestCtx, refusal: { httpStatus: number; errorCode: string | null; requestedModel?: string | null; stream?: boolean }): void {
  if (finalized.has(rc)) return;
  finalizeRequest(ctx, rc, {
    requestedModel: refusal.requestedModel || "(none)",
    model: null,
    provider: null,
    attempts: [],
    usage: null,
    tokensEstimated: false,
    httpStatus: refusal.httpStatus,
    outcome: refusal.httpStatus === 499 ? "cancelled" : "error",
    errorCode: refusal.errorCode,
    stream: refusal.stream ?? false,
    ttftMs: null,
    cacheHit: false,
    admittedBudgets: null,
  });
}

/**
 * After the client has its answer: settle the budget reservation to the exact cost and publish the
 * usage event. Runs off the response path; tracked so a graceful shutdown waits for it.
 * Returns the request's cost in picodollars (what the usage event carries).
 */
export function finalizeRequest(ctx: AppContext, rc: RequestCtx, s: Settlement): number {
  if (finalized.has(rc)) {
    ctx.log.error("request finalized twice; second usage event dropped", { requestId: rc.requestId, outcome: s.outcome });
    return 0;
  }
  finalized.add(rc);
  for (const a of s.attempts) {
    ctx.metrics.observeAttempt(a.provider, a.status === 200, a.errorCode ?? String(a.status));
  }
  // Built and journaled synchronously, as the response ends: from here a crash cannot lose it.
  let event: UsageEvent;
  let cost: number;
  let u: Usage | null;
  try {
    const started = new Date(rc.startedAt);
    u = s.usage ? billableUsage(s.usage) : null;
    if (s.usage && u && !sameFigures(u, s.usage)) {
      ctx.log.warn("upstream usage was inconsistent; billed on its consistent part", { requestId: rc.requestId, usage: s.usage });
    }
    // Exact cost in picodollars from the catalog price in force at the start and the billable counts.
    cost = s.cacheHit || !s.model || !u ? 0 : computeCost(u, priceAt(s.model, started)).costPicoUsd;
    event = {
      v: 1,
      requestId: rc.requestId,
      tenantId: rc.key.tenantId,
      apiKeyId: rc.key.keyId,
      requestedModel: s.requestedModel,
      servedModel: s.model?.id ?? null,
      provider: s.provider,
      endpoint: rc.endpoint,
      attempts: { count: s.attempts.length, detail: s.attempts.map((a) => ({ provider: a.provider, model: a.model, status: a.status || null, errorCode: a.errorCode, latencyMs: a.latencyMs })) },
      promptTokens: u?.prompt_tokens ?? 0,
      completionTokens: u?.completion_tokens ?? 0,
      cachedTokens: u?.prompt_tokens_details?.cached_tokens ?? 0,
      cacheWriteTokens: u?.prompt_tokens_details?.cache_write_tokens ?? 0,
      reasoningTokens: u?.completion_tokens_details?.reasoning_tokens ?? 0,
      tokensEstimated: s.tokensEstimated,
      costPicoUsd: String(cost),
      latencyMs: Date.now() - rc.startedAt,
      ttftMs: s.ttftMs,
      httpStatus: s.httpStatus,
      outcome: s.outcome,
      errorCode: s.errorCode,
      stream: s.stream,
      cacheHit: s.cacheHit,
      startedAt: started.toISOString(),
      ...(rc.span && { traceparent: traceparentOf(rc.span) }),
      ...(rc.key.storeBodies && rc.body !== undefined && { requestBody: bounded(rc.body) }),
      ...(rc.key.storeBodies && s.responseBody !== undefined && { responseBody: bounded(s.responseBody) }),
    };
  } catch (err) {
    ctx.log.error("usage finalize failed", { requestId: rc.requestId, err: String(err) });
    return 0;
  }
  const journaled = ctx.journal?.record(event) ?? null;
  const task = (async () => {
    if (s.admittedBudgets) {
      await ctx.limiter
        .settle({ tenantId: rc.key.tenantId, keyId: rc.key.keyId, requestId: rc.requestId, costPico: cost, actualTokens: u ? u.prompt_tokens + u.completion_tokens : 0, budgets: s.admittedBudgets })
        .catch((err: unknown) => ctx.log.error("settle failed", { requestId: rc.requestId, err: String(err) }));
    }
    await ctx.usage.publish(event);
    ctx.journal?.delivered(journaled);
  })().catch((err: unknown) => ctx.log.error("usage finalize failed", { requestId: rc.requestId, err: String(err) }));
  ctx.inflight.add(task);
  void task.finally(() => ctx.inflight.delete(task));
  return cost;
}
