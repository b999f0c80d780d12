import type { LocalLimiter } from "./local-limiter.js";
import type { AdmitInput, AdmitResult, Limiter, SettleInput, SettleResult } from "./types.js";

/** Thrown when Redis has been unreachable for longer than the degraded window allows. */
export class LimiterUnavailableError extends Error {
  override readonly name = "LimiterUnavailableError";
}

export interface FailoverLimiterOptions {
  primary: Limiter;
  fallback: LocalLimiter;
  /** A primary call slower than this counts as a failure (the hot path must not hang on Redis). Default 250 ms. */
  timeoutMs?: number;
  /** How long the local fallback may serve before admit fails closed. Default 5 minutes. */
  maxDegradedMs?: number;
  /** While degraded, how often one request probes the primary again. Default 1 s. */
  probeIntervalMs?: number;
  /** Settles kept for replay into the primary after recovery (settle is idempotent, so replay is safe). Default 10,000. */
  maxPendingSettles?: number;
  now?: () => number;
  onStateChange?: (state: "healthy" | "degraded" | "unavailable", error?: unknown) => void;
}

export interface FailoverLimiter extends Limiter {
  readonly state: "healthy" | "degraded" | "unavailable";
  /** Settles waiting to be replayed into the primary. */
  pendingSettles(): number;
}

/**
 * Serves from the primary (Redis) and, when it errors or times out, from the per-process local
 * limiter for at most `maxDegradedMs`; after that admit throws so the gateway answers 503 rather
 * than serve unmetered forever. Configure the ioredis client with `enableOfflineQueue: false` and a
 * low `maxRetriesPerRequest` so failures surface immediately instead of queueing.
 */
export function createFailoverLimiter(options: FailoverLimiterOptions): FailoverLimiter {
  const { primary, fallback } = options;
  const timeoutMs = options.timeoutMs ?? 250;
  const maxDegradedMs = options.maxDegradedMs ?? 5 * 60_000;
  const probeIntervalMs = options.probeIntervalMs ?? 1_000;
  const maxPending = options.maxPendingSettles ?? 10_000;
  const now = options.now ?? Date.now;
  let degradedSince: number | null = null;
  let nextProbeAt = 0;
  let state: FailoverLimiter["state"] = "healthy";
  const pending: SettleInput[] = [];
  let replaying = false;

  function setState(next: FailoverLimiter["state"], error?: unknown): void {
    if (next === state) return;
    state = next;
    options.onStateChange?.(next, error);
  }

  // One watchdog timer for all calls in flight instead of a timer per call (two calls per request):
  // it fails calls older than timeoutMs, checking every timeoutMs / 4, so a call fails within 1.25× the timeout.
  const watched = new Set<{ startedAt: number; fail(err: Error): void }>();
  let watchdog: NodeJS.Timeout | null = null;
  function watch(): void {
    const t = Date.now();
    for (const w of watched) if (t - w.startedAt >= timeoutMs) {
      watched.delete(w);
      w.fail(new Error(`limiter primary timed out after ${timeoutMs} ms`));
    }
    if (watched.size === 0 && watchdog) {
      clearInterval(watchdog);
      watchdog = null;
    }
  }

  function withTimeout<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const w = { startedAt: Date.now(), fail: reject };
      watched.add(w);
      if (!watchdog) {
        watchdog = setInterval(watch, Math.max(1, Math.floor(timeoutMs / 4)));
        watchdog.unref();
      }
      promise.then(
        (v) => {
          watched.delete(w);
          resolve(v);
        },
        (err: unknown) => {
          watched.delete(w);
          reject(err);
        },
      );
    });
  }

  function primaryUsable(): boolean {
    if (degradedSince === null) return true;
    // While degraded, let one call through per interval to find out whether Redis is back.
    if (now() >= nextProbeAt) {
      nextProbeAt = now() + probeIntervalMs;
      return true;
    }
    return false;
  }

  function markFailure(error: unknown): void {
    degradedSince ??= now();
    nextProbeAt = now() + probeIntervalMs;
    setState(now() - degradedSince > maxDegradedMs ? "unavailable" : "degraded", error);
  }

  function markSuccess(): void {
    if (degradedSince === null) return;
    degradedSince = null;
    setState("healthy");
    void replay();
  }

  async function replay(): Promise<void> {
    if (replaying) return;
    replaying = true;
    try {
      while (pending.length > 0 && degradedSince === null) {
        const next = pending[0]!;
        await withTimeout(primary.settle(next));
        pending.shift();
      }
    } catch (error) {
      markFailure(error);
    } finally {
      replaying = false;
    }
  }

  async function admit(input: AdmitInput): Promise<AdmitResult> {
    if (primaryUsable()) {
      try {
        const result = await withTimeout(primary.admit(input));
        markSuccess();
        fallback.observe(input.tenantId, result.budgets);
        return result;
      } catch (error) {
        markFailure(error);
      }
    }
    if (degradedSince !== null && now() - degradedSince > maxDegradedMs) {
      setState("unavailable");
      throw new LimiterUnavailableError(`rate limiter store unreachable for over ${maxDegradedMs} ms`);
    }
    return fallback.admit(input);
  }

  async function settle(input: SettleInput): Promise<SettleResult> {
    if (primaryUsable()) {
      try {
        const result = await withTimeout(primary.settle(input));
        markSuccess();
        // Keep the local mirror's budget figures current too, so an outage starting now stays fail-safe
        // (spend only: a per-request marker here would hold an entry per request for an hour).
        fallback.mirrorSpend(input);
        return result;
      } catch (error) {
        markFailure(error);
      }
    }
    // Spend must not be lost: count it locally now (keeps budgets fail-safe) and replay it later.
    if (pending.length >= maxPending) pending.shift();
    pending.push(input);
    return fallback.settle(input);
  }

  return {
    admit,
    settle,
    get state() {
      return state;
    },
    pendingSettles: () => pending.length,
  };
}
