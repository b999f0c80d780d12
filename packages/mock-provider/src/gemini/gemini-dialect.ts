import type { IncomingMessage } from "node:http";
import type { Dialect, ErrorContext, ErrorSpec, RenderedResponse } from "../server/endpoint.js";

// Google's error envelope: {error: {code, message, status, details}}. Throttling carries a
// google.rpc.RetryInfo detail whose retryDelay ("2s") is what Google clients honour.

const STATUS_BY_CODE: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ABORTED",
  413: "INVALID_ARGUMENT",
  429: "RESOURCE_EXHAUSTED",
  499: "CANCELLED",
  500: "INTERNAL",
  501: "UNIMPLEMENTED",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

const MESSAGE_BY_CODE: Record<number, string> = {
  400: "Request contains an invalid argument.",
  401: "API key not valid. Please pass a valid API key.",
  403: "The caller does not have permission",
  404: "Requested entity was not found.",
  429: "You exceeded your current quota, please check your plan and billing details.",
  500: "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
  503: "The model is overloaded. Please try again later.",
  504: "The request timed out. Please try again.",
};

/** Default retryDelay when a 429 is sent without an explicit retry_after. */
const DEFAULT_RETRY_DELAY_S = 1;

export const geminiDialect: Dialect = {
  name: "gemini",

  checkAuth(req: IncomingMessage, query: URLSearchParams | undefined): ErrorSpec | undefined {
    if (req.headers["x-goog-api-key"] || query?.get("key")) return undefined;
    // Vertex AI callers authenticate with an OAuth bearer token instead.
    const auth = req.headers.authorization;
    if (auth && auth.startsWith("Bearer ") && auth.length > 7) return undefined;
    return {
      status: 401,
      message:
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
    };
  },

  errorForStatus(status: number, ctx: ErrorContext): ErrorSpec {
    return { status, message: MESSAGE_BY_CODE[status] ?? `Mock error with status ${status}.`, retryAfter: ctx.retryAfter };
  },

  errorForKind(kind, ctx): ErrorSpec {
    const retryAfter = ctx.retryAfter;
    switch (kind) {
      case "context_length":
        return {
          status: 400,
          message: `The input token count (${Math.max(ctx.promptTokens, 1048577)}) exceeds the maximum number of tokens allowed (1048576).`,
        };
      case "rate_limit":
        return { status: 429, retryAfter, message: MESSAGE_BY_CODE[429] as string };
      case "overloaded":
        return { status: 503, retryAfter, message: MESSAGE_BY_CODE[503] as string };
      case "server":
        return { status: 500, retryAfter, message: MESSAGE_BY_CODE[500] as string };
      case "timeout":
        return { status: 504, retryAfter, message: MESSAGE_BY_CODE[504] as string };
      case "auth":
        return { status: 400, type: "INVALID_ARGUMENT", message: "API key not valid. Please pass a valid API key." };
      case "not_found":
        return { status: 404, message: `models/${ctx.model} is not found for API version v1beta, or is not supported for generateContent.` };
      case "bad_request":
        return { status: 400, message: MESSAGE_BY_CODE[400] as string };
    }
  },

  render(error: ErrorSpec): RenderedResponse {
    const headers: Record<string, string> = { "content-type": "application/json; charset=UTF-8" };
    const details: unknown[] = [];
    if (error.status === 429) {
      const delay = error.retryAfter ?? DEFAULT_RETRY_DELAY_S;
      details.push(
        {
          "@type": "type.googleapis.com/google.rpc.QuotaFailure",
          violations: [{ quotaId: "GenerateRequestsPerMinutePerProjectPerModel-FreeTier" }],
        },
        { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${delay}s` },
      );
    }
    if (error.retryAfter !== undefined) headers["retry-after"] = String(error.retryAfter);
    const body = {
      error: {
        code: error.status,
        message: error.message,
        status: error.type ?? STATUS_BY_CODE[error.status] ?? (error.status >= 500 ? "INTERNAL" : "UNKNOWN"),
        details,
      },
    };
    return { status: error.status, headers, body: JSON.stringify(body) };
  },
};

export function geminiInvalid(message: string): ErrorSpec {
  return { status: 400, message };
}
