import type { IncomingMessage, ServerResponse } from "node:http";
import type { NeutralRequest } from "../generate/plan.js";
import type { ErrorKind, Knobs } from "../knobs/knobs.js";
import type { RecordedRequest } from "./request-log.js";

// The contracts between the provider-neutral request pipeline and each provider dialect.

/** A provider error before rendering into that provider's envelope. */
export interface ErrorSpec {
  status: number;
  message: string;
  /** Provider error type (OpenAI `type`, Anthropic `error.type`, Gemini `status`); derived from status when absent. */
  type?: string;
  param?: string | null;
  code?: string | null;
  /** Seconds; becomes Retry-After (and retry-after-ms / RetryInfo where the provider sends them). */
  retryAfter?: number;
}

export interface RenderedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ErrorContext {
  model: string;
  promptTokens: number;
  retryAfter?: number;
}

/** How one provider authenticates and shapes its errors. */
export interface Dialect {
  name: "openai" | "anthropic" | "gemini";
  /** An error when the request lacks this provider's credentials (any non-empty key is accepted). */
  checkAuth(req: IncomingMessage, query: URLSearchParams | undefined): ErrorSpec | undefined;
  /** The provider's generic error for an HTTP status (`status` knob). */
  errorForStatus(status: number, ctx: ErrorContext): ErrorSpec;
  /** The provider's own error for an `error` knob kind (content_filter is not an HTTP error). */
  errorForKind(kind: Exclude<ErrorKind, "content_filter">, ctx: ErrorContext): ErrorSpec;
  render(error: ErrorSpec): RenderedResponse;
}

/** What the pipeline learns from a body before deciding how to answer. */
export interface Inspection {
  model: string;
  /** Text in which [[mock ...]] directives are looked for (the last user message). */
  directiveText: string;
  stream: boolean;
  /** Present for generation endpoints; used for usage and context-length errors. */
  neutral?: NeutralRequest;
  /** Writes the successful answer, bound to the already parsed request. */
  respond(ctx: EndpointContext): void;
}

export interface MockSettings {
  defaults: Knobs;
  defaultTokens: number;
  models: readonly string[];
}

export interface EndpointContext {
  req: IncomingMessage;
  res: ServerResponse;
  body: Record<string, unknown>;
  query: URLSearchParams | undefined;
  inspection: Inspection;
  knobs: Knobs;
  settings: MockSettings;
  record: RecordedRequest | undefined;
}

export interface Endpoint {
  dialect: Dialect;
  /**
   * Parses the body once: model, stream flag, directive text and a bound responder (knob-driven
   * failures are handled by the pipeline before it runs); an ErrorSpec for an invalid body.
   */
  inspect(body: Record<string, unknown>, pathModel: string | undefined, query: URLSearchParams | undefined): Inspection | ErrorSpec;
}

export function isErrorSpec(value: object): value is ErrorSpec {
  return "status" in value && "message" in value;
}
