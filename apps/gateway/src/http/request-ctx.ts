import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import type { Span } from "@opentelemetry/api";
import type { KeyRecord } from "../auth/key-record.js";

/** Per-request state shared by the handler, the pipeline and metering. */
export interface RequestCtx {
  requestId: string;
  startedAt: number;
  endpoint: string;
  key: KeyRecord;
  res: ServerResponse;
  headers: IncomingHttpHeaders;
  /** Aborts when the client goes away before the response ended. */
  clientSignal: AbortSignal;
  /** The request's span when tracing is on. */
  span?: Span | undefined;
  /** The parsed request body (kept for tenants that store bodies). */
  body?: unknown;
}
