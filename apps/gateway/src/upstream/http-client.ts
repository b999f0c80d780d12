import { Agent, errors as undiciErrors, type Dispatcher } from "undici";
import { ProviderError, type UpstreamRequest } from "@switchboard/spec";
import { checkBaseUrl, guardedLookup } from "../tenancy/ssrf-guard.js";
import { collectText } from "../http/collect-text.js";

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string>;
  body: Dispatcher.ResponseData["body"];
}

export interface SendOptions {
  signal: AbortSignal;
  /** Time allowed until the response headers arrive. */
  headersTimeoutMs: number;
  /** Longest silence allowed between two body chunks (stall detection for streams). */
  idleTimeoutMs: number;
}

/**
 * One keep-alive connection pool per upstream origin (undici Agent), shared by every request.
 * Connection errors and timeouts become retryable ProviderErrors so the executor can fail over.
 */
export class UpstreamHttp {
  private readonly agent: Agent;
  /** For tenant-supplied (BYOK) URLs: refuses internal addresses at connect time. */
  private readonly guarded: Agent;

  constructor(opts: { connectTimeoutMs: number; connectionsPerOrigin: number | null; allowPrivateByok?: boolean }) {
    const base = { connections: opts.connectionsPerOrigin, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000 };
    this.agent = new Agent({ ...base, connect: { timeout: opts.connectTimeoutMs } });
    this.guarded = opts.allowPrivateByok ? this.agent : new Agent({ ...base, connect: { timeout: opts.connectTimeoutMs, lookup: guardedLookup } });
  }

  async send(req: UpstreamRequest, opts: SendOptions & { byok?: boolean | undefined }): Promise<UpstreamResponse> {
    const url = new URL(req.url);
    const agent = opts.byok ? this.guarded : this.agent;
    if (opts.byok && this.guarded !== this.agent) {
      const reason = checkBaseUrl(req.url);
      if (reason) throw new ProviderError({ status: 400, message: `The provider URL is not allowed: ${reason}.`, code: "upstream_url_forbidden", isRetryable: false });
    }
    try {
      const res = await agent.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal: opts.signal,
        headersTimeout: opts.headersTimeoutMs,
        bodyTimeout: opts.idleTimeoutMs,
      });
      return { status: res.statusCode, headers: flattenHeaders(res.headers), body: res.body };
    } catch (err) {
      throw toProviderError(err);
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.agent.close(), this.guarded === this.agent ? null : this.guarded.close()]);
  }
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in h) {
    const v = h[k];
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}

/** Network-level failures, named so the client sees why (504 for timeouts, 502 otherwise). */
export function toProviderError(err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  if ((err as NodeJS.ErrnoException)?.code === "ESSRF" || (err as { cause?: NodeJS.ErrnoException })?.cause?.code === "ESSRF") {
    return new ProviderError({ status: 400, message: (err as Error).message, code: "upstream_url_forbidden", isRetryable: false, cause: err });
  }
  if (err instanceof undiciErrors.HeadersTimeoutError) {
    return new ProviderError({ status: 504, message: "The upstream did not send response headers in time.", code: "upstream_timeout", kind: "timeout", isRetryable: true, cause: err });
  }
  if (err instanceof undiciErrors.BodyTimeoutError) {
    return new ProviderError({ status: 504, message: "The upstream stalled: no data within the idle timeout.", code: "upstream_stalled", kind: "timeout", isRetryable: true, cause: err });
  }
  if (err instanceof undiciErrors.ConnectTimeoutError) {
    return new ProviderError({ status: 504, message: "Connecting to the upstream timed out.", code: "upstream_connect_timeout", kind: "timeout", isRetryable: true, cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ProviderError({ status: 502, message: `Upstream connection failed: ${message}`, code: "upstream_connection_error", kind: "connection", isRetryable: true, cause: err });
}

/** Read a whole (non-streaming) upstream body with a hard cap. */
export function readBodyText(body: UpstreamResponse["body"], maxBytes: number): Promise<string> {
  return collectText(body, maxBytes, {
    tooLarge: () => {
      body.destroy();
      return new ProviderError({ status: 502, message: `The upstream response exceeded ${maxBytes} bytes.`, code: "upstream_response_too_large", isRetryable: false });
    },
    prematureClose: () => new Error("the upstream body closed before its end"),
  });
}
