import { worstCaseCostPicoUsd, type CatalogModel } from "@switchboard/catalog";
import { rateLimitHeaders, type AdmitResult } from "@switchboard/limits";
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, StreamEvent, Usage } from "@switchboard/spec";
import type { AppContext } from "../context.js";
import { GatewayError } from "../http/errors.js";
import type { RequestCtx } from "../http/request-ctx.js";
import { sendJson } from "../http/respond.js";
import { SseWriter } from "../http/sse.js";
import { finalizeRequest, type Settlement } from "../metering/finalize.js";
import { chatPromptUpperBound, countChatPromptTokens, countTextTokens } from "../metering/tokenizer.js";
import { parseProviderPrefs, requiredCapabilities } from "../routing/router.js";
import { AllAttemptsFailed, executeChat } from "../upstream/execute-chat.js";
import { randomId } from "../http/ids.js";
import { budgetInputs, denialError } from "./admission.js";
import { redactSecrets } from "../upstream/upstream-error.js";
import type { Deployment } from "../routing/table.js";
import { cacheDecision } from "../cache/response-cache.js";
import { responseCacheKey } from "../cache/cache-key.js";
import { ChunkAccumulator, completionToChunks } from "../cache/accumulate.js";

/** The parts of a settlement known before the upstream answers. */
type RequestSettlement = Omit<Settlement, "httpStatus" | "outcome" | "errorCode" | "model" | "provider" | "attempts" | "usage" | "tokensEstimated" | "ttftMs">;

/** How one endpoint (chat, legacy completions, responses) renders the canonical chat result. */
export interface ChatRenderer {
  complete(c: ChatCompletion): unknown;
  chunk(sse: SseWriter, c: ChatCompletionChunk): void;
  /** The stream ended properly: usage (if any) and the terminator. */
  finish(sse: SseWriter, usage: Usage | null, meta: { id: string; created: number; model: string }): void;
  /** In-band failure after content was sent: an event the OpenAI SDK raises as an error; no success terminator. */
  fail(sse: SseWriter, error: { message: string; type: string; code: string | null }): void;
}

/**
 * The chat hot path shared by /chat/completions, /completions and /responses: route, admit (one Redis
 * round trip: rate limits + budget reservation), call upstream with retries/failover, render, then
 * settle and emit usage after the response.
 */
export async function runChat(ctx: AppContext, rc: RequestCtx, req: ChatCompletionRequest, renderer: ChatRenderer): Promise<void> {
  const names = req.models && req.models.length > 0 ? req.models : [req.model];
  // Token counting is costly (a BPE pass, and a large rank table in memory): start from a cheap upper
  // bound and tokenize only when the bound is too coarse for a decision.
  const bound = chatPromptUpperBound(req);
  let exact: number | null = null;
  const exactTokens = () => (exact ??= countChatPromptTokens(req));
  const maxOut = req.max_completion_tokens ?? req.max_tokens ?? undefined;
  const pin = rc.headers["x-switchboard-target"];
  const plan = ctx.router.plan(names, rc.key, { ...requiredCapabilities(req), mode: "chat" }, {
    pin: typeof pin === "string" ? pin : undefined,
    provider: parseProviderPrefs(req.provider),
    promptTokens: bound,
    outputTokens: maxOut ?? 256,
    tenant: await ctx.tenants.get(rc.key.tenantId),
  });
  const fitsIn = (tokens: number) => plan.deployments.filter((d) => d.model.contextWindow >= tokens);
  let fits = fitsIn(bound);
  if (fits.length < plan.deployments.length) fits = fitsIn(exactTokens());
  if (fits.length === 0) {
    throw new GatewayError(400, `This model's maximum context length is ${plan.deployments[0]!.model.contextWindow} tokens, but the messages have about ${exactTokens()} tokens.`, "invalid_request_error", "context_length_exceeded", "messages");
  }
  const budgets = budgetInputs(rc.key);
  const estimatedTokens = () => (exact ?? Math.ceil(bound / 4)) + (maxOut ?? 256);
  const reserveFor = (promptTokens: number) =>
    Math.max(...fits.map((d) => worstCaseCostPicoUsd(d.model, promptTokens, maxOut !== undefined ? Math.min(maxOut, d.model.maxOutputTokens) : undefined)));
  const admitWith = (promptTokens: number, reservePico = reserveFor(promptTokens)) =>
    ctx.limiter.admit({
      tenantId: rc.key.tenantId,
      keyId: rc.key.keyId,
      requestId: rc.requestId,
      keyLimits: { rpm: rc.key.rpmLimit, tpm: rc.key.tpmLimit },
      tenantLimits: { rpm: rc.key.tenantRpmLimit, tpm: rc.key.tenantTpmLimit },
      // TPM takes an estimate (settle corrects it to the real count); a budget takes the worst case.
      estimatedTokens: estimatedTokens(),
      reservePico,
      budgets,
    });
  const { ttlSeconds } = cacheDecision(rc.headers, plan.cache, rc.key.cacheTtlSeconds);
  const ids = { id: `chatcmpl-${randomId(24)}`, created: Math.floor(Date.now() / 1000) };

  // With room to spare under every limit, the upstream call starts now, alongside admission (early-start.ts).
  // Not with the response cache on: a hit must not cost an upstream call.
  const firstReserve = reserveFor(exact ?? bound);
  const ticket = ttlSeconds ? null : ctx.earlyStart.tryStart(rc.key, estimatedTokens(), BigInt(firstReserve));
  const early = ticket ? startEarly(ctx, rc, fits, req, plan.policy, ids) : null;

  let admit: AdmitResult;
  try {
    admit = await admitWith(exact ?? bound, firstReserve);
    // A budget too tight for the coarse bound gets the exact count before saying no (a denial changes nothing).
    if (!admit.allowed && admit.denial.kind === "budget" && exact === null) admit = await admitWith(exactTokens());
  } catch (err) {
    ticket?.settled(null);
    early?.abandon(err);
    throw err;
  }
  if (ticket) ticket.settled(admit);
  else ctx.earlyStart.observe(rc.key.keyId, admit);
  const limitHeaders = rateLimitHeaders(admit);
  const base: RequestSettlement = {
    requestedModel: plan.requestedModel,
    stream: !!req.stream,
    cacheHit: false,
    admittedBudgets: null,
  };
  if (!admit.allowed) {
    early?.abandon(new Error("admission denied"));
    const err = denialError(admit, rc.key, limitHeaders);
    finalizeRequest(ctx, rc, { ...base, model: null, provider: null, attempts: [], usage: null, tokensEstimated: false, ttftMs: null, httpStatus: err.status, outcome: "error", errorCode: err.code });
    throw err;
  }
  const admitted = { ...base, admittedBudgets: budgets };

  const cacheKey = ttlSeconds ? responseCacheKey(ctx.redisPrefix, rc.key.tenantId, rc.endpoint, req as Record<string, unknown>) : null;
  if (cacheKey) {
    const hit = await ctx.cache.get(cacheKey);
    if (hit) {
      serveFromCache(ctx, rc, req, renderer, hit, { ...limitHeaders, "x-switchboard-cache": "HIT", "x-switchboard-cost-pico-usd": "0" }, admitted);
      return;
    }
    limitHeaders["x-switchboard-cache"] = "MISS";
  }
  const store = cacheKey && ttlSeconds ? (c: ChatCompletion) => void ctx.cache.set(cacheKey, c, ttlSeconds) : null;

  let outcome;
  try {
    outcome = await (early ? early.outcome : executeChat(ctx.executor, fits, req, plan.policy, rc.clientSignal, ids, rc.span));
  } catch (err) {
    if (rc.clientSignal.aborted) {
      finalizeRequest(ctx, rc, { ...admitted, model: null, provider: null, attempts: err instanceof AllAttemptsFailed ? err.attempts : [], usage: null, tokensEstimated: false, ttftMs: null, httpStatus: 499, outcome: "cancelled", errorCode: "client_disconnected" });
      return;
    }
    if (!(err instanceof AllAttemptsFailed)) throw err;
    const last = err.last;
    const status = last.status >= 500 || last.status === 429 ? (last.status === 504 ? 504 : last.status === 429 ? 429 : last.status === 503 ? 503 : 502) : last.status;
    const gw = new GatewayError(status, `Upstream failed after ${err.attempts.length} attempt(s): ${last.message}`, last.type, last.code ?? last.kind ?? null, last.param, { ...limitHeaders, "x-switchboard-attempts": String(err.attempts.length) });
    finalizeRequest(ctx, rc, { ...admitted, model: null, provider: null, attempts: err.attempts, usage: null, tokensEstimated: false, ttftMs: null, httpStatus: status, outcome: "error", errorCode: gw.code });
    throw gw;
  }
  const model = outcome.deployment.model;
  const headers: Record<string, string> = {
    ...limitHeaders,
    "x-switchboard-provider": outcome.deployment.provider.id,
    "x-switchboard-model": model.id,
    "x-switchboard-attempts": String(outcome.attempts.length),
  };

  if (outcome.kind === "complete") {
    const completion = { ...outcome.completion, model: model.id };
    const usage = completion.usage ?? null;
    const body = renderer.complete(completion);
    // Journaled before the answer leaves (the queue publish itself happens after it).
    headers["x-switchboard-cost-pico-usd"] = String(finalizeRequest(ctx, rc, { ...admitted, model, provider: outcome.deployment.provider.id, attempts: outcome.attempts, usage, tokensEstimated: false, ttftMs: null, httpStatus: 200, outcome: "success", errorCode: null, ...(rc.key.storeBodies && { responseBody: body }) }));
    sendJson(rc.res, 200, body, headers);
    store?.(completion);
    return;
  }

  await pipeStream(ctx, rc, req, renderer, outcome, model, headers, ids, admitted, exactTokens, store, fits);
}

/** A cache hit: replayed (as a stream when asked), billed per the documented rule (free), usage recorded. */
function serveFromCache(ctx: AppContext, rc: RequestCtx, req: ChatCompletionRequest, renderer: ChatRenderer, hit: ChatCompletion, headers: Record<string, string>, admitted: RequestSettlement): void {
  const model = ctx.router.getModel(hit.model) ?? null;
  headers["x-switchboard-model"] = hit.model;
  headers["x-switchboard-attempts"] = "0";
  finalizeRequest(ctx, rc, { ...admitted, cacheHit: true, model, provider: "cache", attempts: [], usage: hit.usage ?? null, tokensEstimated: false, ttftMs: 0, httpStatus: 200, outcome: "success", errorCode: null });
  if (req.stream) {
    const sse = new SseWriter(rc.res, headers);
    for (const c of completionToChunks(hit)) renderer.chunk(sse, c);
    renderer.finish(sse, req.stream_options?.include_usage ? (hit.usage ?? null) : null, { id: hit.id, created: hit.created, model: hit.model });
    rc.res.end();
  } else {
    sendJson(rc.res, 200, renderer.complete(hit), headers);
  }
}

async function pipeStream(
  ctx: AppContext,
  rc: RequestCtx,
  req: ChatCompletionRequest,
  renderer: ChatRenderer,
  outcome: Extract<Awaited<ReturnType<typeof executeChat>>, { kind: "stream" }>,
  model: CatalogModel,
  headers: Record<string, string>,
  ids: { id: string; created: number },
  admitted: RequestSettlement,
  promptTokens: () => number,
  store: ((c: ChatCompletion) => void) | null,
  fits: Deployment[],
): Promise<void> {
  const sse = new SseWriter(rc.res, headers);
  const acc = store || rc.key.storeBodies ? new ChunkAccumulator() : null;
  let usage: Usage | null = null;
  let done = false;
  let sawFinish = false;
  let failure: { message: string; type: string; code: string | null } | null = null;
  const emitted: string[] = [];
  const onAbort = () => outcome.cancel();
  rc.clientSignal.addEventListener("abort", onAbort, { once: true });

  const handle = (events: StreamEvent[]) => {
    // One upstream read often carries many events: they leave as one write, not one each.
    sse.batch(() => handleEvents(events));
  };
  const handleEvents = (events: StreamEvent[]) => {
    for (const ev of events) {
      if (ev.type === "chunk") {
        for (const c of ev.chunk.choices) {
          const d = c.delta as { content?: string | null; reasoning_content?: string | null; tool_calls?: Array<{ function?: { arguments?: string; name?: string } }> };
          if (d.content) emitted.push(d.content);
          if (d.reasoning_content) emitted.push(d.reasoning_content);
          if (d.tool_calls) for (const t of d.tool_calls) emitted.push((t.function?.name ?? "") + (t.function?.arguments ?? ""));
          if (c.finish_reason) sawFinish = true;
        }
        // Decoders stamp the served model already; copy only if one did not.
        const chunk = ev.chunk.model === model.id ? ev.chunk : { ...ev.chunk, model: model.id };
        acc?.push(chunk);
        renderer.chunk(sse, chunk);
      } else if (ev.type === "usage") usage = ev.usage;
      else if (ev.type === "done") done = true;
      else if (ev.type === "error") failure ??= { message: redactSecrets(ev.error.message, fits), type: ev.error.type, code: ev.error.code ?? ev.error.kind ?? "upstream_error" };
      // "malformed": skipped, never forwarded.
    }
  };

  try {
    handle(outcome.head);
    // The first byte leaves now, not after what else the same read brought (decoded in the tail).
    sse.flush();
    if (!done && !failure) {
      for await (const events of outcome.tail) {
        handle(events);
        if (failure || rc.clientSignal.aborted) break;
        if (done) break;
      }
    }
  } finally {
    rc.clientSignal.removeEventListener("abort", onAbort);
    // A stream whose end came with its first content never iterates its tail: free its timer here.
    outcome.release();
  }

  const cancelled = rc.clientSignal.aborted;
  // An upstream that closed after a finish_reason but without its terminator still answered completely.
  const complete = !failure && !cancelled && (done || sawFinish);
  if (!complete && !failure && !cancelled) failure = { message: "The upstream stream ended before completion.", type: "server_error", code: "upstream_stream_truncated" };
  let estimated = false;
  if (!usage || !complete) {
    // No final usage (cut short, or the client left): bill what was actually sent and received. A partial
    // report (Anthropic's message_start carries the real input count) is kept where it is the better figure.
    const partial = usage as Usage | null;
    const prompt = partial?.prompt_tokens || promptTokens();
    const completion = Math.max(partial?.completion_tokens ?? 0, countTextTokens(emitted.join("")));
    usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, ...(partial?.prompt_tokens && partial.prompt_tokens_details ? { prompt_tokens_details: partial.prompt_tokens_details } : {}) };
    estimated = true;
  }
  // Tenants that store bodies get the streamed answer as one assembled completion (what was sent, even if cut).
  const responseBody = rc.key.storeBodies && acc && usage ? acc.build({ id: ids.id, created: ids.created, model: model.id }, usage) : undefined;
  // Metered (journaled) before the final bytes go out: a client that saw the end has its usage on disk.
  finalizeRequest(ctx, rc, {
    ...admitted,
    model,
    provider: outcome.deployment.provider.id,
    attempts: outcome.attempts,
    usage,
    tokensEstimated: estimated,
    ttftMs: outcome.ttftMs,
    httpStatus: cancelled ? 499 : 200,
    outcome: complete ? "success" : cancelled ? "cancelled" : "error",
    errorCode: complete ? null : cancelled ? "client_disconnected" : (failure?.code ?? null),
    ...(responseBody !== undefined && { responseBody }),
  });
  if (complete) {
    const finalUsage = req.stream_options?.include_usage ? usage : null;
    sse.batch(() => renderer.finish(sse, finalUsage, { id: ids.id, created: ids.created, model: model.id }));
    if (acc && store && !estimated && usage) store(acc.build({ id: ids.id, created: ids.created, model: model.id }, usage));
  } else if (failure && !cancelled) renderer.fail(sse, failure);
  if (!rc.res.writableEnded) rc.res.end();
}

/**
 * The upstream call started before admission answered. It runs under its own signal (the client's
 * disconnect still reaches it), so a denial can abort it; a stream it already opened is cancelled.
 */
function startEarly(ctx: AppContext, rc: RequestCtx, fits: Deployment[], req: ChatCompletionRequest, policy: Parameters<typeof executeChat>[3], ids: { id: string; created: number }) {
  const ac = new AbortController();
  const onClientAbort = () => ac.abort(rc.clientSignal.reason);
  rc.clientSignal.addEventListener("abort", onClientAbort, { once: true });
  const outcome = executeChat(ctx.executor, fits, req, policy, ac.signal, ids, rc.span);
  const detach = () => rc.clientSignal.removeEventListener("abort", onClientAbort);
  void outcome.then(detach, detach);
  return {
    outcome,
    abandon(reason: unknown) {
      ac.abort(reason);
      outcome.then(
        (o) => {
          if (o.kind !== "stream") return;
          o.cancel();
          o.release();
          void o.tail.return(undefined);
        },
        () => undefined,
      );
    },
  };
}
