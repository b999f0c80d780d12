import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { authenticate } from "./auth/authenticate.js";
import type { AppContext } from "./context.js";
import { GatewayError, notFound } from "./http/errors.js";
import { randomId } from "./http/ids.js";
import { readJsonBody } from "./http/read-body.js";
import type { RequestCtx } from "./http/request-ctx.js";
import { sendError, sendJson } from "./http/respond.js";
import { abortOnClientGone, isStream, responseClosed, setRequestId, writeHead } from "./http/response-meta.js";
import { handleChatCompletions } from "./handlers/chat-completions.js";
import { handleCompletions } from "./handlers/completions.js";
import { handleEmbeddings } from "./handlers/embeddings.js";
import { handleGetModel, handleListModels } from "./handlers/models.js";
import { handleResponses } from "./handlers/responses.js";
import { finalizeRefusal } from "./metering/finalize.js";
import { contextFromTraceparent, endSpan, startServerSpan } from "@switchboard/telemetry";

type BodyHandler = (ctx: AppContext, rc: RequestCtx, body: unknown) => Promise<void>;

const POST_ROUTES: Record<string, BodyHandler> = {
  "/v1/chat/completions": handleChatCompletions,
  "/v1/completions": handleCompletions,
  "/v1/responses": handleResponses,
  "/v1/embeddings": handleEmbeddings,
};

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "authorization, content-type, api-key, x-api-key, x-request-id, openai-organization, openai-project, x-stainless-arch, x-stainless-lang, x-stainless-os, x-stainless-package-version, x-stainless-retry-count, x-stainless-runtime, x-stainless-runtime-version, x-stainless-timeout",
  "access-control-expose-headers": "x-request-id, x-switchboard-provider, x-switchboard-model, x-switchboard-attempts, x-switchboard-cost-pico-usd, x-ratelimit-limit-requests, x-ratelimit-remaining-requests, x-ratelimit-reset-requests, x-ratelimit-limit-tokens, x-ratelimit-remaining-tokens, x-ratelimit-reset-tokens, retry-after",
};

export type GatewayServer = http.Server & {
  /** Graceful shutdown: responses not yet started, and any later request on an open connection, close their connection. */
  drain(): void;
};

export function createGatewayServer(ctx: AppContext, health: { ready(): Promise<boolean> }): GatewayServer {
  let draining = false;
  const unstarted = new Set<ServerResponse>();
  const server = http.createServer({ maxHeaderSize: 32 * 1024, requestTimeout: 0, keepAliveTimeout: 65_000 }, (req, res) => {
    // Without this, keep-alive connections keep bringing new requests to a draining process until the grace period ends.
    if (draining) res.shouldKeepAlive = false;
    else unstarted.add(res);
    const started = performance.now();
    const path = pathOf(req.url);
    ctx.metrics.inflight.inc();
    // One close listener per request does all the bookkeeping (listeners are not free at thousands per second).
    res.once("close", () => {
      unstarted.delete(res);
      ctx.metrics.inflight.dec();
      ctx.metrics.observeRequest(metricEndpoint(path), res.statusCode, isStream(res), (performance.now() - started) / 1000);
      responseClosed(res);
    });
    const p = handle(ctx, health, req, res, path);
    ctx.inflight.add(p);
    void p.finally(() => ctx.inflight.delete(p));
  });
  server.headersTimeout = 30_000;
  return Object.assign(server, {
    drain() {
      draining = true;
      for (const res of unstarted) if (!res.headersSent) res.shouldKeepAlive = false;
    },
  });
}

const KNOWN = new Set(["/v1/chat/completions", "/v1/completions", "/v1/responses", "/v1/embeddings", "/v1/models", "/health", "/ready", "/metrics"]);

/** The request path without its query string. */
function pathOf(url: string | undefined): string {
  const u = url ?? "/";
  const q = u.indexOf("?");
  return q === -1 ? u : u.slice(0, q);
}

/** Bounded label values: known paths as themselves, everything else as "other". */
function metricEndpoint(path: string): string {
  if (KNOWN.has(path)) return path;
  return path.startsWith("/v1/models/") ? "/v1/models/{id}" : "other";
}

async function handle(ctx: AppContext, health: { ready(): Promise<boolean> }, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const requestId = `req_${randomId(24)}`;
  setRequestId(res, requestId);
  // CORS headers matter only to browsers, which always send Origin.
  if (req.headers.origin !== undefined) for (const k in CORS) res.setHeader(k, CORS[k as keyof typeof CORS]);
  // Set once the caller is authenticated: from then on every outcome is metered (one usage event).
  let rc: RequestCtx | undefined;
  let body: unknown;
  try {
    if (req.method === "OPTIONS") {
      writeHead(res, 204, ["access-control-allow-methods", "GET, POST, OPTIONS", "access-control-max-age", "600"]);
      res.end();
      return;
    }
    if (path === "/health" || path === "/healthz") return sendJson(res, 200, { status: "ok" });
    if (path === "/metrics") {
      const m = await ctx.metrics.render();
      writeHead(res, 200, ["content-type", m.contentType]);
      res.end(m.body);
      return;
    }
    if (path === "/ready") {
      const ok = await health.ready();
      return sendJson(res, ok ? 200 : 503, { status: ok ? "ready" : "not_ready" });
    }
    if (!path.startsWith("/v1/")) throw notFound(`Unknown path ${path}.`, "unknown_url");

    const ac = new AbortController();
    abortOnClientGone(res, ac);
    const post = POST_ROUTES[path];
    if (post && req.method !== "POST") throw new GatewayError(405, `Use POST for ${path}.`, "invalid_request_error", "method_not_allowed");
    if (!post && req.method !== "GET") throw notFound(`Unknown endpoint ${req.method} ${path}.`, "unknown_url");

    const key = await authenticate(req.headers, ctx.keys);
    const span = ctx.tracing ? startServerSpan(ctx.tracing, `${req.method} ${path}`, contextFromTraceparent(req.headers.traceparent)) : undefined;
    if (span) {
      span.setAttributes({ "switchboard.request_id": requestId, "switchboard.tenant_id": key.tenantId });
      res.once("close", () => endSpan(span, res.statusCode));
    }
    // Every field present from the start (body included): one hidden class for every request context.
    rc = { requestId, startedAt: Date.now(), endpoint: path.slice(3), key, res, headers: req.headers, clientSignal: ac.signal, span, body: undefined };
    if (post) {
      body = await readJsonBody(req, ctx.maxBodyBytes);
      if (key.storeBodies) rc.body = body;
      await post(ctx, rc, body);
      return;
    }
    if (path === "/v1/models") return handleListModels(ctx, rc);
    if (path.startsWith("/v1/models/")) return handleGetModel(ctx, rc, decodeURIComponent(path.slice("/v1/models/".length)));
    throw notFound(`Unknown endpoint GET ${path}.`, "unknown_url");
  } catch (err) {
    const gw = err instanceof GatewayError ? err : new GatewayError(500, `Internal gateway error (request ${requestId}).`, "server_error", "internal_error");
    if (!(err instanceof GatewayError)) ctx.log.error("unhandled error", { requestId, path, err: err instanceof Error ? err.stack : String(err) });
    if (rc && POST_ROUTES[path]) {
      const b = body as { model?: unknown; stream?: unknown } | undefined;
      finalizeRefusal(ctx, rc, { httpStatus: gw.status, errorCode: gw.code, requestedModel: typeof b?.model === "string" ? b.model : null, stream: b?.stream === true });
    }
    sendError(res, gw);
  }
}
