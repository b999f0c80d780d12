import type { IncomingMessage, ServerResponse } from "node:http";
import { handleAdmin } from "../admin/admin-routes.js";
import { promptTokensFromChars } from "../generate/tokens.js";
import { parseDirectives } from "../knobs/directive.js";
import type { FailureBudget } from "../knobs/failure-budget.js";
import { knobsFromRawHeaders, mergeKnobs, withoutFailures, type Knobs } from "../knobs/knobs.js";
import { openaiDialect } from "../openai/openai-dialect.js";
import type { ScenarioQueue, ScenarioStep } from "../scenarios/scenario-queue.js";
import { type Dialect, type EndpointContext, type ErrorSpec, type Inspection, isErrorSpec, type MockSettings } from "./endpoint.js";
import { readBody } from "./read-body.js";
import type { RecordedRequest, RequestLog } from "./request-log.js";
import { afterDelay, JSON_HEADERS, sendBody } from "./respond.js";
import { matchRoute, type RouteMatch } from "./router.js";

// One request, in order: route → body (size-capped) → record → auth → inspect → knobs
// (options < headers < directive < scenario, then `times`) → latency → fault, error or answer.

export interface ServerState {
  settings: MockSettings;
  log: RequestLog;
  recordRequests: boolean;
  scenarios: ScenarioQueue;
  budget: FailureBudget;
  maxBodyBytes: number;
  startedAt: number;
}

function sendError(res: ServerResponse, dialect: Dialect, error: ErrorSpec, knobs: Knobs, record: RecordedRequest | undefined): void {
  const rendered = dialect.render(error);
  sendBody(res, rendered.status, rendered.headers, rendered.body, knobs, record);
}

function resetSocket(req: IncomingMessage): void {
  const socket = req.socket as IncomingMessage["socket"] & { resetAndDestroy?: () => void };
  // A TCP RST (not a FIN) is what a crashed upstream or a middlebox drop looks like.
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}

function splitStep(step: ScenarioStep | undefined): { knobs?: Knobs; body?: unknown; headers?: Record<string, string> } {
  if (!step) return {};
  const { body, headers, ...knobs } = step;
  return { knobs, body, headers };
}

function act(ctx: EndpointContext, dialect: Dialect, inspection: Inspection, literal: { body?: unknown; headers?: Record<string, string> }): void {
  const { req, res, knobs, record } = ctx;
  if (knobs.fault === "reset") return resetSocket(req);
  // "hang": never answer; the socket stays open until the client or close() ends it.
  if (knobs.fault === "hang") return;
  if (literal.body !== undefined) {
    const text = typeof literal.body === "string" ? literal.body : JSON.stringify(literal.body);
    sendBody(res, knobs.status ?? 200, { ...JSON_HEADERS, ...literal.headers }, text, knobs, record);
    return;
  }
  const errorCtx = {
    model: inspection.model,
    promptTokens: inspection.neutral ? promptTokensFromChars(inspection.neutral.promptChars) : 0,
    retryAfter: knobs.retryAfter,
  };
  if (knobs.error && knobs.error !== "content_filter") {
    return sendError(res, dialect, dialect.errorForKind(knobs.error, errorCtx), knobs, record);
  }
  if (knobs.status !== undefined && knobs.status >= 400) {
    return sendError(res, dialect, dialect.errorForStatus(knobs.status, errorCtx), knobs, record);
  }
  inspection.respond(ctx);
}

function withBody(
  state: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
  match: RouteMatch,
  path: string,
  query: URLSearchParams | undefined,
  text: string | undefined,
): void {
  const { endpoint } = match;
  const dialect = endpoint.dialect;
  let parsed: unknown = null;
  let invalidJson = false;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
      invalidJson = true;
    }
  }
  let record: RecordedRequest | undefined;
  if (state.recordRequests) {
    record = {
      seq: state.log.nextSeq(),
      time: Date.now(),
      method: req.method ?? "GET",
      path,
      query: query ? Object.fromEntries(query) : {},
      headers: req.headers,
      body: text === undefined ? "<body too large>" : parsed,
    };
    state.log.add(record);
    const rec = record;
    // Lets tests prove a gateway aborts its upstream call when its own client goes away.
    res.on("close", () => {
      if (!res.writableEnded) {
        rec.clientAborted = true;
        rec.closedAt = Date.now();
      }
    });
  }
  const noKnobs: Knobs = {};
  if (text === undefined) {
    return sendError(res, dialect, { ...dialect.errorForStatus(413, { model: "", promptTokens: 0 }), message: `Request body exceeds ${state.maxBodyBytes} bytes.` }, noKnobs, record);
  }
  const auth = dialect.checkAuth(req, query);
  if (auth) return sendError(res, dialect, auth, noKnobs, record);
  const isObject = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
  if (req.method === "POST" && (invalidJson || !isObject)) {
    return sendError(res, dialect, { status: 400, type: dialect.name === "gemini" ? "INVALID_ARGUMENT" : "invalid_request_error", message: "We could not parse the JSON body of your request." }, noKnobs, record);
  }
  const body = isObject ? (parsed as Record<string, unknown>) : {};
  const inspection = endpoint.inspect(body, match.pathModel, query);
  if (isErrorSpec(inspection)) return sendError(res, dialect, inspection, noKnobs, record);

  const fromHeaders = knobsFromRawHeaders(req.rawHeaders);
  const directive = inspection.directiveText ? parseDirectives(inspection.directiveText) : undefined;
  const step = splitStep(state.scenarios.take(inspection.model, path));
  let knobs = mergeKnobs(state.settings.defaults, fromHeaders?.knobs, directive?.knobs, step.knobs);
  if (knobs.times !== undefined) {
    const key = `${directive?.raw ?? fromHeaders?.source ?? "scenario"}|${inspection.model}`;
    if (!state.budget.consume(key, knobs.times)) knobs = withoutFailures(knobs);
  }
  if (record && knobs.fault) record.fault = knobs.fault;
  const ctx: EndpointContext = { req, res, body, query, inspection, knobs, settings: state.settings, record };
  afterDelay(res, knobs.latencyMs ?? 0, () => act(ctx, dialect, inspection, step));
}

export function handleRequest(state: ServerState, req: IncomingMessage, res: ServerResponse): void {
  const rawUrl = req.url ?? "/";
  const q = rawUrl.indexOf("?");
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const query = q < 0 ? undefined : new URLSearchParams(rawUrl.slice(q + 1));
  if (path.startsWith("/__mock/")) return handleAdmin(state, req, res, path, query);
  const method = req.method ?? "GET";
  const match = matchRoute(method, path);
  if (!match) {
    req.resume();
    const rendered = openaiDialect.render({ status: 404, type: "invalid_request_error", message: `Invalid URL (${method} ${path})` });
    res.writeHead(404, rendered.headers);
    res.end(rendered.body);
    return;
  }
  if (method === "GET" || method === "HEAD") {
    req.resume();
    return withBody(state, req, res, match, path, query, "");
  }
  readBody(req, state.maxBodyBytes, (text) => withBody(state, req, res, match, path, query, text));
}
