import type { IncomingMessage } from "node:http";
import { newId } from "../generate/ids.js";
import type { Dialect, ErrorContext, ErrorSpec, RenderedResponse } from "../server/endpoint.js";

// OpenAI's error envelope: {error: {message, type, param, code}}, with x-request-id on every
// response and both retry-after (seconds) and retry-after-ms on throttling.

const TYPE_BY_STATUS: Record<number, string> = {
  400: "invalid_request_error",
  401: "invalid_request_error",
  403: "invalid_request_error",
  404: "invalid_request_error",
  409: "invalid_request_error",
  413: "invalid_request_error",
  422: "invalid_request_error",
  429: "requests",
};

const MESSAGE_BY_STATUS: Record<number, string> = {
  400: "Invalid request.",
  401: "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
  403: "You are not allowed to perform this request.",
  404: "The requested resource does not exist.",
  408: "Request timed out.",
  409: "The request conflicts with the current state of the resource.",
  413: "Request body too large.",
  429: "Rate limit reached for requests. Please try again later.",
  500: "The server had an error while processing your request. Sorry about that!",
  502: "Bad gateway.",
  503: "The server is overloaded or not ready yet.",
  504: "Gateway timeout.",
};

const CODE_BY_STATUS: Record<number, string> = {
  401: "invalid_api_key",
  404: "model_not_found",
  429: "rate_limit_exceeded",
};

export const openaiDialect: Dialect = {
  name: "openai",

  checkAuth(req: IncomingMessage): ErrorSpec | undefined {
    const auth = req.headers.authorization;
    if (auth && auth.startsWith("Bearer ") && auth.length > 7) return undefined;
    if (req.headers["api-key"]) return undefined;
    return {
      status: 401,
      type: "invalid_request_error",
      code: null,
      message:
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    };
  },

  errorForStatus(status: number, ctx: ErrorContext): ErrorSpec {
    return {
      status,
      message: MESSAGE_BY_STATUS[status] ?? `Mock error with status ${status}.`,
      type: TYPE_BY_STATUS[status] ?? (status >= 500 ? "server_error" : "invalid_request_error"),
      code: CODE_BY_STATUS[status] ?? null,
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
          param: "messages",
          code: "context_length_exceeded",
          message: `This model's maximum context length is 128000 tokens. However, your messages resulted in ${Math.max(ctx.promptTokens, 128001)} tokens. Please reduce the length of the messages.`,
        };
      case "rate_limit":
        return {
          status: 429,
          type: "requests",
          code: "rate_limit_exceeded",
          retryAfter,
          message: `Rate limit reached for ${ctx.model} on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in ${retryAfter ?? 1}s.`,
        };
      case "overloaded":
        return { status: 503, type: "server_error", code: null, retryAfter, message: MESSAGE_BY_STATUS[503] as string };
      case "server":
        return { status: 500, type: "server_error", code: null, retryAfter, message: MESSAGE_BY_STATUS[500] as string };
      case "timeout":
        return { status: 504, type: "server_error", code: null, retryAfter, message: "Request timed out." };
      case "auth":
        return { status: 401, type: "invalid_request_error", code: "invalid_api_key", message: MESSAGE_BY_STATUS[401] as string };
      case "not_found":
        return {
          status: 404,
          type: "invalid_request_error",
          param: "model",
          code: "model_not_found",
          message: `The model \`${ctx.model}\` does not exist or you do not have access to it.`,
        };
      case "bad_request":
        return { status: 400, type: "invalid_request_error", code: null, message: MESSAGE_BY_STATUS[400] as string };
    }
  },

  render(error: ErrorSpec): RenderedResponse {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-request-id": newId("req_", 32),
    };
    if (error.retryAfter !== undefined) {
      headers["retry-after"] = String(error.retryAfter);
      headers["retry-after-ms"] = String(Math.round(error.retryAfter * 1000));
    }
    const body = {
      error: {
        message: error.message,
        type: error.type ?? (error.status >= 500 ? "server_error" : "invalid_request_error"),
        param: error.param ?? null,
        code: error.code ?? null,
      },
    };
    return { status: error.status, headers, body: JSON.stringify(body) };
  },
};

/** A 400 for a missing or malformed request field, as OpenAI words it. */
export function invalidParam(param: string, message: string, code: string | null = null): ErrorSpec {
  return { status: 400, type: "invalid_request_error", param, code, message };
}
