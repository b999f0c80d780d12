import { worstCaseCostPicoUsd } from "@switchboard/catalog";
import { rateLimitHeaders } from "@switchboard/limits";
import { ProviderError, parseEmbeddingsRequest, type EmbeddingsRequest } from "@switchboard/spec";
import type { AppContext } from "../context.js";
import { GatewayError } from "../http/errors.js";
import type { RequestCtx } from "../http/request-ctx.js";
import { sendJson } from "../http/respond.js";
import { finalizeRequest } from "../metering/finalize.js";
import { countTextTokens } from "../metering/tokenizer.js";
import type { AttemptRecord } from "../upstream/attempts.js";
import { readBodyText, toProviderError } from "../upstream/http-client.js";
import { budgetInputs, denialError } from "./admission.js";
import { redactSecrets, upstreamHttpError } from "../upstream/upstream-error.js";

/** Tokens of the input: an upper bound from bytes (cheap), or the exact BPE count when billing needs it. */
function inputTokens(req: EmbeddingsRequest, exact: boolean): number {
  const count = exact ? countTextTokens : (s: string) => Buffer.byteLength(s);
  const input = req.input as unknown;
  if (typeof input === "string") return count(input);
  if (Array.isArray(input)) {
    let n = 0;
    for (const item of input) n += typeof item === "string" ? count(item) : Array.isArray(item) ? item.length : 1;
    return n;
  }
  return 0;
}

/** /v1/embeddings: float or base64 vectors, passed through from the upstream; fails over on retryable errors. */
export async function handleEmbeddings(ctx: AppContext, rc: RequestCtx, body: unknown): Promise<void> {
  const parsed = parseEmbeddingsRequest(body);
  if (!parsed.ok) throw new GatewayError(400, parsed.error.error.message, "invalid_request_error", parsed.error.error.code, parsed.error.error.param);
  const req = parsed.value;
  const plan = ctx.router.plan([req.model], rc.key, { tools: false, vision: false, jsonSchema: false, mode: "embedding" }, { tenant: await ctx.tenants.get(rc.key.tenantId) });
  const tokens = inputTokens(req, false);
  const budgets = budgetInputs(rc.key);
  const admit = await ctx.limiter.admit({
    tenantId: rc.key.tenantId, keyId: rc.key.keyId, requestId: rc.requestId,
    keyLimits: { rpm: rc.key.rpmLimit, tpm: rc.key.tpmLimit }, tenantLimits: { rpm: rc.key.tenantRpmLimit, tpm: rc.key.tenantTpmLimit },
    estimatedTokens: tokens, reservePico: Math.max(...plan.deployments.map((d) => worstCaseCostPicoUsd(d.model, tokens, 0))), budgets,
  });
  const headers = rateLimitHeaders(admit);
  const base = { requestedModel: req.model, stream: false, cacheHit: false, tokensEstimated: false, ttftMs: null };
  if (!admit.allowed) {
    const err = denialError(admit, rc.key, headers);
    finalizeRequest(ctx, rc, { ...base, model: null, provider: null, attempts: [], usage: null, httpStatus: err.status, outcome: "error", errorCode: err.code, admittedBudgets: null });
    throw err;
  }
  const attempts: AttemptRecord[] = [];
  let last: ProviderError | null = null;
  for (const dep of plan.deployments) {
    const adapter = ctx.adapterFor(dep.provider.kind);
    if (!adapter.buildEmbeddingsRequest || !adapter.parseEmbeddingsResponse || !ctx.executor.breakers.allow(dep.id)) continue;
    const started = Date.now();
    try {
      const upstream = adapter.buildEmbeddingsRequest({ ...req, model: dep.target.upstreamModel }, dep.target);
      const res = await ctx.executor.http.send(upstream, { signal: rc.clientSignal, headersTimeoutMs: ctx.retryPolicy.headersTimeoutMs, idleTimeoutMs: ctx.retryPolicy.idleTimeoutMs, byok: dep.byok });
      const text = await readBodyText(res.body, ctx.executor.maxUpstreamBodyBytes);
      if (res.status >= 400) throw upstreamHttpError(adapter, dep, res.status, res.headers, text);
      const out = adapter.parseEmbeddingsResponse(JSON.parse(text), dep.target, req);
      attempts.push({ deployment: dep.id, provider: dep.provider.id, model: dep.model.id, status: 200, errorCode: null, latencyMs: Date.now() - started });
      ctx.executor.breakers.onSuccess(dep.id);
      const u = out.usage;
      const counted = u ? 0 : inputTokens(req, true);
      const usage = { prompt_tokens: u?.prompt_tokens ?? counted, completion_tokens: 0, total_tokens: u?.total_tokens ?? counted };
      const cost = finalizeRequest(ctx, rc, { ...base, model: dep.model, provider: dep.provider.id, attempts, usage, tokensEstimated: !u, httpStatus: 200, outcome: "success", errorCode: null, admittedBudgets: budgets });
      sendJson(rc.res, 200, { ...out, model: dep.model.id }, { ...headers, "x-switchboard-provider": dep.provider.id, "x-switchboard-model": dep.model.id, "x-switchboard-attempts": String(attempts.length), "x-switchboard-cost-pico-usd": String(cost) });
      return;
    } catch (raw) {
      const err = toProviderError(raw);
      err.message = redactSecrets(err.message, plan.deployments);
      attempts.push({ deployment: dep.id, provider: dep.provider.id, model: dep.model.id, status: err.status, errorCode: err.code, latencyMs: Date.now() - started });
      last = err;
      if (!err.isRetryable) break;
      ctx.executor.breakers.onFailure(dep.id);
    }
  }
  const err = last ?? new ProviderError({ status: 503, message: "No embeddings deployment is available.", code: "no_available_deployment" });
  finalizeRequest(ctx, rc, { ...base, model: null, provider: null, attempts, usage: null, httpStatus: err.status, outcome: "error", errorCode: err.code, admittedBudgets: budgets });
  throw new GatewayError(err.status, err.message, err.type, err.code, err.param, headers);
}
