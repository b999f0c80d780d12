import type { AdmitResult, WindowState } from "./types.js";

/** OpenAI-style duration, e.g. "20ms", "1.5s", "6m0s". */
export function formatResetDuration(ms: number): string {
  const clamped = Math.max(0, Math.ceil(ms));
  if (clamped < 1000) return `${clamped}ms`;
  const totalSeconds = clamped / 1000;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = Number((totalSeconds - minutes * 60).toFixed(3));
  return minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`;
}

// The scope with less room left is the one the client will hit first, so it is the one to advertise.
function tighter(a: WindowState, b: WindowState): WindowState | null {
  if (a.limit === null) return b.limit === null ? null : b;
  if (b.limit === null) return a;
  return (b.remaining ?? 0) < (a.remaining ?? 0) ? b : a;
}

/** x-ratelimit-* headers (OpenAI's names) for an admit result; dimensions without any limit are omitted. */
export function rateLimitHeaders(result: AdmitResult): Record<string, string> {
  const headers: Record<string, string> = {};
  const dims = [
    ["requests", tighter(result.rate.key.requests, result.rate.tenant.requests)],
    ["tokens", tighter(result.rate.key.tokens, result.rate.tenant.tokens)],
  ] as const;
  for (const [name, w] of dims) {
    if (w === null || w.limit === null) continue;
    headers[`x-ratelimit-limit-${name}`] = String(w.limit);
    headers[`x-ratelimit-remaining-${name}`] = String(w.remaining ?? 0);
    headers[`x-ratelimit-reset-${name}`] = formatResetDuration(w.resetAtMs - result.nowMs);
  }
  if (!result.allowed && result.retryAfterMs !== null) headers["retry-after-ms"] = String(result.retryAfterMs);
  if (!result.allowed && result.retryAfterMs !== null) headers["retry-after"] = String(Math.ceil(result.retryAfterMs / 1000));
  return headers;
}
