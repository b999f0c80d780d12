import type { AdmitResult, WindowState } from "@switchboard/limits";
import type { KeyRecord } from "../auth/key-record.js";

/**
 * Optimistic admission: when this process's last view of a key shows plenty of room under every limit
 * and hard budget, the upstream call starts at the same time as the admission round trip to Redis
 * instead of after it, so a request's added latency is max(admission, upstream) rather than their sum.
 *
 * Redis still decides every request exactly (counts, reservations and settlement are unchanged). Only
 * what happens on a denial differs: the already started upstream call is aborted at once and the client
 * gets the same 429. To keep that rare, a request starts early only while the last admit result,
 * minus what this process already has in flight early, leaves a margin (5% of each limit, at least one
 * request, and room for one more budget reservation). The first request of a key never starts early,
 * and neither does anything once a window or budget runs low, so tight limits behave exactly as before.
 */
export class EarlyStart {
  private readonly views = new Map<string, { result: AdmitResult; seenAt: number; inflight: number; inflightTokens: number; inflightPico: bigint }>();
  /** Upstream calls started early and then aborted because admission said no (a metric). */
  cancelled = 0;

  constructor(private readonly enabled = true, private readonly maxAgeMs = 5_000, private readonly maxKeys = 50_000) {}

  /**
   * Whether this request may start upstream now. When it returns a ticket, call `settled` with the
   * admit result (or null if admission threw) exactly once.
   */
  tryStart(key: KeyRecord, estimatedTokens: number, reservePico: bigint, now = Date.now()): Ticket | null {
    if (!this.enabled) return null;
    const unlimited = key.rpmLimit === null && key.tpmLimit === null && key.tenantRpmLimit === null && key.tenantTpmLimit === null && !key.budgets.some((b) => b.enforcement === "hard");
    const v = this.views.get(key.keyId);
    if (!unlimited) {
      if (!v || now - v.seenAt > this.maxAgeMs) return null;
      const r = v.result;
      if (!r.allowed) return null;
      const n = v.inflight + 1;
      if (!roomy(r.rate.key.requests, n, now) || !roomy(r.rate.tenant.requests, n, now)) return null;
      const tokens = v.inflightTokens + estimatedTokens;
      if (!roomy(r.rate.key.tokens, tokens, now) || !roomy(r.rate.tenant.tokens, tokens, now)) return null;
      const pico = v.inflightPico + reservePico;
      for (const b of r.budgets) if (b.mode === "hard" && b.remainingPico - pico < reservePico) return null;
    }
    if (v) {
      v.inflight++;
      v.inflightTokens += estimatedTokens;
      v.inflightPico += reservePico;
    }
    return {
      settled: (result) => {
        if (v) {
          v.inflight--;
          v.inflightTokens -= estimatedTokens;
          v.inflightPico -= reservePico;
        }
        if (result) this.observe(key.keyId, result, Date.now());
        if (result && !result.allowed) this.cancelled++;
      },
    };
  }

  /** Remember the latest admit result of a key (every admitted or denied request reports it). */
  observe(keyId: string, result: AdmitResult, now = Date.now()): void {
    if (!this.enabled) return;
    const v = this.views.get(keyId);
    if (v) {
      v.result = result;
      v.seenAt = now;
      return;
    }
    // Bounded: a flood of distinct keys just restarts the map (they lose the early start, nothing else).
    if (this.views.size >= this.maxKeys) this.views.clear();
    this.views.set(keyId, { result, seenAt: now, inflight: 0, inflightTokens: 0, inflightPico: 0n });
  }
}

export interface Ticket {
  settled(result: AdmitResult | null): void;
}

/** Room for `amount` more in this window, keeping a margin (5% of the limit, at least 1). */
function roomy(w: WindowState, amount: number, now: number): boolean {
  if (w.limit === null) return true;
  if (now >= w.resetAtMs) return false; // the window this view describes is over: no view at all
  const margin = Math.max(1, Math.ceil(w.limit * 0.05));
  return (w.remaining ?? 0) - amount >= margin;
}
