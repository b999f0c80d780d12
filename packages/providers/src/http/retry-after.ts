/** Case-insensitive header lookup: callers pass headers as received (Fetch lowercases, fixtures may not). */
export function getHeader(headers: Record<string, string>, name: string): string | undefined {
  const direct = headers[name];
  if (direct !== undefined) return direct;
  const lower = name.toLowerCase();
  for (const key of Object.keys(headers)) if (key.toLowerCase() === lower) return headers[key];
  return undefined;
}

/**
 * Delay the upstream asked for: `retry-after-ms` (OpenAI, Anthropic SDK convention) wins over
 * `retry-after` (seconds or an HTTP date).
 */
export function retryAfterMsFromHeaders(headers: Record<string, string>, now: number = Date.now()): number | undefined {
  const ms = getHeader(headers, "retry-after-ms");
  if (ms !== undefined) {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return Math.round(n);
  }
  const ra = getHeader(headers, "retry-after");
  if (ra === undefined || ra.trim() === "") return undefined;
  const seconds = Number(ra);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(ra);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Google's protobuf Duration string ("34.4s", "1.5s", "2s") → milliseconds. */
export function durationToMs(duration: string): number | undefined {
  if (!duration.endsWith("s")) return undefined;
  const n = Number(duration.slice(0, -1));
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 1000) : undefined;
}

export function joinUrl(base: string, path: string): string {
  return base.endsWith("/") ? base.slice(0, -1) + path : base + path;
}
