import { ProviderError, type ProviderErrorKind } from "@switchboard/spec";
import { z } from "zod";
import { tryParseJson } from "../canonical/canonical-chunk.js";
import { retryAfterMsFromHeaders } from "../http/retry-after.js";

// OpenAI's envelope, plus the variants compatible servers use: `{error: "text"}`, `{message}`, `{detail}` (FastAPI).
const OpenAIErrorBodySchema = z.looseObject({
  error: z.looseObject({
    message: z.string().nullish(),
    type: z.string().nullish(),
    param: z.string().nullish(),
    code: z.union([z.string(), z.number()]).nullish(),
  }),
});
const LooseErrorBodySchema = z.looseObject({
  error: z.string().optional(),
  message: z.string().optional(),
  detail: z.unknown().optional(),
});

function classify(status: number, code: string | null, message: string): ProviderErrorKind | undefined {
  if (code === "context_length_exceeded" || /maximum context length|context length|context window|too many tokens/i.test(message)) {
    return "context_length_exceeded";
  }
  if (code === "content_filter" || code === "content_policy_violation") return "content_filter";
  if (status === 429) return "rate_limit";
  return undefined;
}

/** Any compatible error payload (HTTP body or in-band stream chunk) → ProviderError. */
export function providerErrorFromPayload(status: number, payload: unknown, provider: string, retryAfterMs?: number): ProviderError {
  let message = `Upstream returned HTTP ${status}`;
  let type: string | undefined;
  let param: string | null = null;
  let code: string | null = null;
  const openai = OpenAIErrorBodySchema.safeParse(payload);
  if (openai.success) {
    const e = openai.data.error;
    message = e.message ?? message;
    type = e.type ?? undefined;
    param = e.param ?? null;
    code = e.code === undefined || e.code === null ? null : String(e.code);
  } else {
    const loose = LooseErrorBodySchema.safeParse(payload);
    if (loose.success) {
      const b = loose.data;
      if (b.error) message = b.error;
      else if (b.message) message = b.message;
      else if (b.detail !== undefined) message = typeof b.detail === "string" ? b.detail : JSON.stringify(b.detail);
    }
  }
  const kind = classify(status, code, message);
  return new ProviderError({
    message,
    status,
    ...(type !== undefined ? { type } : {}),
    param,
    code,
    ...(kind !== undefined ? { kind } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    provider,
  });
}

export function parseOpenAICompatibleError(status: number, headers: Record<string, string>, bodyText: string): ProviderError {
  const json = tryParseJson(bodyText);
  const payload = json.ok ? json.value : { message: bodyText.trim() === "" ? `Upstream returned HTTP ${status}` : bodyText.slice(0, 2000) };
  return providerErrorFromPayload(status, payload, "openai-compatible", retryAfterMsFromHeaders(headers));
}
