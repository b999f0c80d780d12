import { ProviderError, type ProviderErrorKind } from "@switchboard/spec";
import { tryParseJson } from "../canonical/canonical-chunk.js";
import { durationToMs, retryAfterMsFromHeaders } from "../http/retry-after.js";
import { GeminiErrorBodySchema } from "./gemini-schemas.js";

// google.rpc.Code names → HTTP status, for bodies whose `code` is missing.
const STATUS_BY_CODE: Record<string, number> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  OUT_OF_RANGE: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  RESOURCE_EXHAUSTED: 429,
  CANCELLED: 499,
  INTERNAL: 500,
  UNKNOWN: 500,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
};

function kindOf(status: number, message: string): ProviderErrorKind | undefined {
  if (/input token count.*exceeds|exceeds the maximum number of tokens|context (window|length)/i.test(message)) return "context_length_exceeded";
  if (status === 429) return "rate_limit";
  return undefined;
}

/** Gemini error body (also the array form streams use) → ProviderError; undefined when the body is not an error. */
export function geminiErrorFromBody(value: unknown, status: number | undefined, headers: Record<string, string>): ProviderError | undefined {
  const body = Array.isArray(value) ? (value[0] as unknown) : value;
  const parsed = GeminiErrorBodySchema.safeParse(body);
  if (!parsed.success) return undefined;
  const e = parsed.data.error;
  const s = status ?? e.code ?? (e.status ? STATUS_BY_CODE[e.status] : undefined) ?? 500;
  const retryInfo = e.details?.find((d) => d["@type"]?.endsWith("google.rpc.RetryInfo") && d.retryDelay);
  const retryAfterMs = (retryInfo?.retryDelay ? durationToMs(retryInfo.retryDelay) : undefined) ?? retryAfterMsFromHeaders(headers);
  const kind = kindOf(s, e.message);
  return new ProviderError({
    message: e.message,
    status: s,
    code: kind === "context_length_exceeded" ? "context_length_exceeded" : (e.status ?? null),
    ...(kind ? { kind } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    provider: "gemini",
  });
}

export function parseGeminiError(status: number, headers: Record<string, string>, bodyText: string): ProviderError {
  const json = tryParseJson(bodyText);
  const fromBody = json.ok ? geminiErrorFromBody(json.value, status, headers) : undefined;
  if (fromBody) return fromBody;
  const retryAfterMs = retryAfterMsFromHeaders(headers);
  return new ProviderError({
    message: bodyText.trim() === "" ? `Gemini returned HTTP ${status}` : bodyText.slice(0, 2000),
    status,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    provider: "gemini",
  });
}
