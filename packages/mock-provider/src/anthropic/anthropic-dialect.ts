import type { IncomingMessage } from "node:http";
import { newId } from "../generate/ids.js";
import type { Dialect, ErrorContext, ErrorSpec, RenderedResponse } from "../server/endpoint.js";

// Anthropic's error envelope: {type: "error", error: {type, message}, request_id}; x-api-key and
// anthropic-version are both required, and 429/5xx carry retry-after and x-should-retry.

const TYPE_BY_STATUS: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  504: "timeout_error",
  529: "overloaded_error",
};

const MESSAGE_BY_STATUS: Record<number, string> = {
  400: "Invalid request.",
  401: "invalid x-api-key",
  403: "Your API key does not have permission to use the specified resource.",
  404: "The requested resource could not be found.",
  413: "Request exceeds the maximum allowed number of bytes.",
  429: "This request would exceed the rate limit for your organization. Please try again later.",
  500: "Internal server error",
  504: "Request timeout",
  529: "Overloaded",
};

export const anthropicDialect: Dialect = {
  name: "anthropic",

  checkAuth(req: IncomingMessage): ErrorSpec | undefined {
    if (!req.headers["x-api-key"]) return { status: 401, type: "authentication_error", message: "x-api-key header is required" };
    if (!req.headers["anthropic-version"]) {
      return { status: 400, type: "invalid_request_error", message: "anthropic-version: header is required" };
    }
    return undefined;
  },

  errorForStatus(status: number, ctx: ErrorContext): ErrorSpec {
    return {
      status,
      type: TYPE_BY_STATUS[status] ?? (status >= 500 ? "api_error" : "invalid_request_error"),
      message: MESSAGE_BY_STATUS[status] ?? `Mock error with status ${status}`,
      retryAfter: ctx.retryAfter,
    };
  },

  errorForKind(kind, ctx): ErrorSpec {
    const retryAfter = ctx.retryAfter;
    switch (kind) {
      case "context_length":
        return {
          status: 400,
          type: "invalid_request_error",
          message: `prompt is too long: ${Math.max(ctx.promptTokens, 200001)} tokens > 200000 maximum`,
        };
      case "rate_limit":
        return { status: 429, type: "rate_limit_error", retryAfter, message: MESSAGE_BY_STATUS[429] as string };
      case "overloaded":
        return { status: 529, type: "overloaded_error", retryAfter, message: "Overloaded" };
      case "server":
        return { status: 500, type: "api_error", retryAfter, message: "Internal server error" };
      case "timeout":
        return { status: 504, type: "timeout_error", retryAfter, message: "Request timeout" };
      case "auth":
        return { status: 401, type: "authentication_error", message: "invalid x-api-key" };
      case "not_found":
        return { status: 404, type: "not_found_error", message: `model: ${ctx.model}` };
      case "bad_request":
        return { status: 400, type: "invalid_request_error", message: "Invalid request." };
    }
  },

  render(error: ErrorSpec): RenderedResponse {
    const requestId = newId("req_011C", 20);
    const headers: Record<string, string> = { "content-type": "application/json", "request-id": requestId };
    if (error.retryAfter !== undefined) headers["retry-after"] = String(error.retryAfter);
    if (error.status === 429 || error.status >= 500) headers["x-should-retry"] = "true";
    const body = {
      type: "error",
      error: { type: error.type ?? TYPE_BY_STATUS[error.status] ?? "api_error", message: error.message },
      request_id: requestId,
    };
    return { status: error.status, headers, body: JSON.stringify(body) };
  },
};

export function anthropicInvalid(message: string): ErrorSpec {
  return { status: 400, type: "invalid_request_error", message };
}
