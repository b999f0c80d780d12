import { ProviderError, type ProviderErrorKind } from "@switchboard/spec";
import { tryParseJson } from "../canonical/canonical-chunk.js";
import { retryAfterMsFromHeaders } from "../http/retry-after.js";
import { AnthropicErrorBodySchema } from "./anthropic-schemas.js";

// Anthropic error type → the HTTP status it is sent with (used for in-band stream errors, which have none).
const STATUS_BY_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

// OpenAI's `type` vocabulary, so clients branch the same way whatever the upstream.
const OPENAI_TYPE: Record<string, string> = {
  invalid_request_error: "invalid_request_error",
  request_too_large: "invalid_request_error",
  authentication_error: "authentication_error",
  permission_error: "permission_error",
  not_found_error: "not_found_error",
  rate_limit_error: "rate_limit_error",
  api_error: "server_error",
  timeout_error: "server_error",
  overloaded_error: "server_error",
};

function kindOf(type: string, message: string, status: number): ProviderErrorKind | undefined {
  if (/prompt is too long|exceeds? (the )?(maximum )?context|context window/i.test(message)) return "context_length_exceeded";
  if (type === "rate_limit_error") return "rate_limit";
  if (type === "overloaded_error") return "server";
  if (type === "timeout_error") return "timeout";
  if (status === 401 || status === 403) return "auth";
  return undefined;
}

export function anthropicErrorFromPayload(status: number | undefined, type: string, message: string, retryAfterMs?: number): ProviderError {
  const s = status ?? STATUS_BY_TYPE[type] ?? 500;
  const kind = kindOf(type, message, s);
  return new ProviderError({
    message,
    status: s,
    type: OPENAI_TYPE[type] ?? (s >= 500 ? "server_error" : "invalid_request_error"),
    code: kind === "context_length_exceeded" ? "context_length_exceeded" : type,
    ...(kind ? { kind } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    provider: "anthropic",
  });
}

export function parseAnthropicError(status: number, headers: Record<string, string>, bodyText: string): ProviderError {
  const retryAfterMs = retryAfterMsFromHeaders(headers);
  const json = tryParseJson(bodyText);
  const parsed = json.ok ? AnthropicErrorBodySchema.safeParse(json.value) : undefined;
  if (parsed?.success) return anthropicErrorFromPayload(status, parsed.data.error.type, parsed.data.error.message, retryAfterMs);
  const message = bodyText.trim() === "" ? `Anthropic returned HTTP ${status}` : bodyText.slice(0, 2000);
  const type = Object.keys(STATUS_BY_TYPE).find((t) => STATUS_BY_TYPE[t] === status) ?? (status >= 500 ? "api_error" : "invalid_request_error");
  return anthropicErrorFromPayload(status, type, message, retryAfterMs);
}
