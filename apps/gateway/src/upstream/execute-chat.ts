import { ProviderError, type ChatCompletion, type ChatCompletionRequest, type ProviderAdapter, type StreamEvent } from "@switchboard/spec";
import type { Span } from "@opentelemetry/api";
import { sseEventEnd } from "@switchboard/providers";
import type { Deployment } from "../routing/table.js";
import { endSpan, startClientSpan, traceparentOf, type Tracing } from "@switchboard/telemetry";
import type { AttemptRecord, RetryPolicy } from "./attempts.js";
import { retryDelayMs, sleep } from "./backoff.js";
import type { CircuitBreakers } from "./circuit-breaker.js";
import { readBodyText, toProviderError, type UpstreamHttp, type UpstreamResponse } from "./http-client.js";
import { redactSecrets, upstreamHttpError } from "./upstream-error.js";

export interface ExecutorDeps {
  tracing?: Tracing | null;
  http: UpstreamHttp;
  breakers: CircuitBreakers;
  adapterFor(kind: string): ProviderAdapter;
  maxUpstreamBodyBytes: number;
  /** Observes time to first token per deployment (latency routing). */
  onFirstToken?(deploymentId: string, ms: number): void;
}

interface Executed {
  deployment: Deployment;
  attempts: AttemptRecord[];
}

export type ChatOutcome =
  | (Executed & { kind: "complete"; completion: ChatCompletion })
  | (Executed & {
      kind: "stream";
      ttftMs: number;
      head: StreamEvent[];
      tail: AsyncGenerator<StreamEvent[]>;
      cancel(): void;
      /** Frees the attempt's deadline timer and client listener; the caller calls it once the stream is over (idempotent). */
      release(): void;
    });

/** Thrown when every deployment failed; carries the last upstream reason and every attempt. */
export class AllAttemptsFailed extends Error {
  constructor(readonly last: ProviderError, readonly attempts: AttemptRecord[]) {
    super(last.message);
  }
}

/**
 * Runs a chat request over the ordered deployments: retries retryable failures on the same deployment
 * (bounded, jittered backoff, Retry-After honoured), then fails over. For streams, nothing is committed
 * until the first content arrives, so any failure before that fails over transparently.
 */
export async function executeChat(deps: ExecutorDeps, deployments: Deployment[], req: ChatCompletionRequest, policy: RetryPolicy, clientSignal: AbortSignal, streamIds: { id: string; created: number }, parentSpan?: Span): Promise<ChatOutcome> {
  const attempts: AttemptRecord[] = [];
  const deadline = Date.now() + policy.totalTimeoutMs;
  let last: ProviderError | null = null;
  let minContext = 0;
  // Non-streaming attempts can only be aborted for request-wide reasons (client gone, total deadline),
  // so they share one scope; a stream attempt has its own (its first-token timeout aborts only it).
  const scopes: { shared: AbortScope | null } = { shared: null };
  try {
    return await runAttempts();
  } finally {
    scopes.shared?.release();
  }

  async function runAttempts(): Promise<ChatOutcome> {
    for (const dep of deployments) {
      if (dep.model.contextWindow <= minContext) continue;
      if (!deps.breakers.allow(dep.id)) {
        last ??= new ProviderError({ status: 503, message: `Circuit open for ${dep.id}.`, code: "circuit_open", isRetryable: true });
        continue;
      }
      const adapter = deps.adapterFor(dep.provider.kind);
      for (let attempt = 1; attempt <= policy.maxAttemptsPerTarget; attempt++) {
        if (clientSignal.aborted) throw clientSignal.reason ?? new Error("client disconnected");
        const started = Date.now();
        const remaining = deadline - started;
        const scope = req.stream ? abortScope(clientSignal, deadline) : (scopes.shared ??= abortScope(clientSignal, deadline));
        const ctl = scope.ctl;
        const cleanup = req.stream ? scope.release : noop;
        const span = deps.tracing && parentSpan ? startClientSpan(deps.tracing, `upstream ${dep.provider.id}`, parentSpan, { "switchboard.deployment": dep.id, "gen_ai.request.model": dep.model.id, "switchboard.attempt": attempts.length + 1 }) : undefined;
        try {
          const upstreamReq = adapter.buildChatRequest({ ...req, model: dep.target.upstreamModel }, dep.target);
          if (span) upstreamReq.headers.traceparent = traceparentOf(span);
          const res = await deps.http.send(upstreamReq, { signal: ctl.signal, headersTimeoutMs: Math.min(policy.headersTimeoutMs, remaining), idleTimeoutMs: policy.idleTimeoutMs, byok: dep.byok });
          if (res.status >= 400) {
            const text = await readBodyText(res.body, 1024 * 1024).catch(() => "");
            throw upstreamHttpError(adapter, dep, res.status, res.headers, text);
          }
          if (!req.stream) {
            const text = await readBodyText(res.body, deps.maxUpstreamBodyBytes);
            const completion = adapter.parseChatResponse(parseJson(text), dep.target);
            cleanup();
            attempts.push(record(dep, 200, null, started));
            if (span) endSpan(span, 200);
            deps.breakers.onSuccess(dep.id);
            return { kind: "complete", completion, deployment: dep, attempts };
          }
          const opened = await openStream(deps, adapter, dep, res, policy, ctl, streamIds);
          attempts.push(record(dep, 200, null, started));
          if (span) endSpan(span, 200);
          deps.breakers.onSuccess(dep.id);
          deps.onFirstToken?.(dep.id, Date.now() - started);
          // The total deadline keeps running for the stream's body; cleanup happens when the tail ends.
          const tail = withFinally(opened.tail, cleanup);
          // A tail never iterated (the end came with the first content) leaves the body unread: release drains it
          // so the connection goes back to the pool instead of waiting out the idle timeout.
          const release = () => {
            cleanup();
            if (!res.body.destroyed) res.body.resume();
          };
          return { kind: "stream", ttftMs: Date.now() - started, head: opened.head, tail, cancel: () => ctl.abort(new Error("cancelled")), release, deployment: dep, attempts };
        } catch (raw) {
          cleanup();
          if (clientSignal.aborted) throw clientSignal.reason ?? raw;
          const err = ctl.signal.aborted && ctl.signal.reason instanceof ProviderError ? ctl.signal.reason : toProviderError(raw);
          attempts.push(record(dep, err.status, err.code ?? err.kind ?? null, started));
          if (span) endSpan(span, err.status, err.message);
          last = err;
          if (err.kind === "context_length_exceeded") {
            // Same prompt, bigger window: skip every deployment that is not larger than this one.
            minContext = dep.model.contextWindow;
            break;
          }
          err.message = redactSecrets(err.message, deployments);
          if (!err.isRetryable) {
            if (err.code === "upstream_auth_failed") break; // our credential for this deployment: try the next one
            throw new AllAttemptsFailed(err, attempts);
          }
          deps.breakers.onFailure(dep.id);
          if (err.code === "deadline_exceeded" || Date.now() >= deadline) throw new AllAttemptsFailed(err, attempts);
          if (attempt >= policy.maxAttemptsPerTarget || !deps.breakers.allow(dep.id)) break;
          const wait = retryDelayMs(attempt, err.retryAfterMs, { baseMs: policy.backoffBaseMs, capMs: policy.backoffCapMs, retryAfterCapMs: policy.retryAfterCapMs });
          // A Retry-After beyond our cap is better spent on the next deployment.
          if (err.retryAfterMs !== undefined && err.retryAfterMs > policy.retryAfterCapMs) break;
          if (Date.now() + wait >= deadline) throw new AllAttemptsFailed(err, attempts);
          await sleep(wait, clientSignal);
        }
      }
    }
    throw new AllAttemptsFailed(last ?? new ProviderError({ status: 503, message: "No deployment is available for this model.", code: "no_available_deployment", isRetryable: true }), attempts);
  }
}

interface AbortScope {
  ctl: AbortController;
  /** Clears the deadline timer and the client listener (idempotent). */
  release(): void;
}

/** A controller aborted when the client goes away or the request's total deadline passes. */
function abortScope(clientSignal: AbortSignal, deadline: number): AbortScope {
  const ctl = new AbortController();
  const onClientAbort = () => ctl.abort(clientSignal.reason);
  clientSignal.addEventListener("abort", onClientAbort, { once: true });
  const timer = setTimeout(() => ctl.abort(deadlineError()), Math.max(0, deadline - Date.now()));
  return {
    ctl,
    release() {
      clearTimeout(timer);
      clientSignal.removeEventListener("abort", onClientAbort);
    },
  };
}

const noop = () => undefined;
const deadlineError = () => new ProviderError({ status: 504, message: "The request exceeded its total deadline.", code: "deadline_exceeded", kind: "timeout", isRetryable: false });

function record(dep: Deployment, status: number, errorCode: string | null, started: number): AttemptRecord {
  return { deployment: dep.id, provider: dep.provider.id, model: dep.model.id, status, errorCode, latencyMs: Date.now() - started };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ProviderError({ status: 502, message: "The upstream returned a body that is not JSON.", code: "upstream_invalid_json", isRetryable: true });
  }
}

function hasContent(ev: StreamEvent): boolean {
  if (ev.type !== "chunk") return false;
  for (const c of ev.chunk.choices) {
    const d = c.delta as Record<string, unknown>;
    if (c.finish_reason || d.content || d.tool_calls || d.reasoning_content || d.refusal) return true;
  }
  return false;
}

/**
 * Reads the upstream stream until the first content (or a proper end) with a first-token timer.
 * Errors before that throw (→ fail over); after it, the caller owns the rest via `tail`.
 */
async function openStream(deps: ExecutorDeps, adapter: ProviderAdapter, dep: Deployment, res: UpstreamResponse, policy: RetryPolicy, ctl: AbortController, ids: { id: string; created: number }) {
  const decoder = adapter.createChatStreamDecoder(dep.target, { id: ids.id, created: ids.created, model: dep.model.id });
  const iterator = (res.body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const head: StreamEvent[] = [];
  let commitAt = -1;
  // What the committing read brought after the event that committed: decoded in the tail, after the first byte left.
  let undecoded: Buffer | null = null;
  const take = (events: StreamEvent[]) => {
    for (const ev of events) {
      // An error before the first content still fails over: nothing was sent yet.
      if (ev.type === "error") throw ev.error;
      if (ev.type === "malformed") continue;
      head.push(ev);
      if (commitAt < 0 && (hasContent(ev) || ev.type === "done")) commitAt = head.length;
    }
  };
  const ttft = setTimeout(() => ctl.abort(new ProviderError({ status: 504, message: "The upstream sent no first token in time.", code: "first_token_timeout", kind: "timeout", isRetryable: true })), policy.firstTokenTimeoutMs);
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) take(decoder.end());
      else {
        // Fed to the decoder one event at a time (cut after each blank line), up to the first content: a fast
        // upstream's first read often brings the whole answer (an unpaced 50-chunk stream is one ~15 KB read),
        // and decoding all of it first would hold the first byte back by as much. Read boundaries are an
        // accident of timing, so the commit point no longer depends on them: an error after the first content
        // is an in-band error, whether it came in the same read or a later one.
        const buf = next.value;
        let from = 0;
        while (from < buf.length && commitAt < 0) {
          const to = sseEventEnd(buf, from);
          take(decoder.push(from === 0 && to === buf.length ? buf : buf.subarray(from, to)));
          from = to;
        }
        if (from < buf.length) undecoded = buf.subarray(from);
      }
      if (commitAt >= 0) break;
      if (next.done) throw new ProviderError({ status: 502, message: "The upstream ended the stream before sending any content.", code: "upstream_stream_empty", isRetryable: true });
    }
  } catch (err) {
    res.body.destroy();
    throw err;
  } finally {
    clearTimeout(ttft);
  }
  // The caller sends the head at once (time to first byte); what else that read brought comes first in the tail.
  const rest = head.splice(commitAt);
  async function* tail(): AsyncGenerator<StreamEvent[]> {
    try {
      if (rest.length > 0) yield rest;
      if (undecoded) yield decoder.push(undecoded);
      for (;;) {
        const next = await iterator.next();
        if (next.done) {
          yield decoder.end();
          return;
        }
        yield decoder.push(next.value);
      }
    } catch (err) {
      const reason = ctl.signal.aborted && ctl.signal.reason instanceof ProviderError ? ctl.signal.reason : toProviderError(err);
      yield [{ type: "error", error: reason }];
    } finally {
      res.body.destroy();
    }
  }
  return { head, tail: tail() };
}

async function* withFinally<T>(gen: AsyncGenerator<T>, fin: () => void): AsyncGenerator<T> {
  try {
    yield* gen;
  } finally {
    fin();
  }
}
