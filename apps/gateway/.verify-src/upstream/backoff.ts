/** Exponential backoff with full jitter (AWS architecture blog), so synchronized clients don't retry in lockstep. */
export function backoffDelayMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * exp);
}

/** The wait before the next attempt: the upstream's Retry-After when given (capped), else jittered backoff. */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined, opts: { baseMs: number; capMs: number; retryAfterCapMs: number }): number {
  if (retryAfterMs !== undefined && retryAfterMs >= 0) return Math.min(retryAfterMs, opts.retryAfterCapMs);
  return backoffDelayMs(attempt, opts.baseMs, opts.capMs);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
