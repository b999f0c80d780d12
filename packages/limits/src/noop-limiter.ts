import { buildAdmitResult, validateAdmit } from "./results.js";
import type { AdmitInput, AdmitResult, Limiter, SettleResult } from "./types.js";

/** Admits everything and stores nothing: for tests and benchmarks of the bare request path. */
export function createNoopLimiter(): Limiter {
  return {
    async admit(input: AdmitInput): Promise<AdmitResult> {
      const nowMs = input.nowMs ?? Date.now();
      const validated = validateAdmit(input, new Date(nowMs));
      return buildAdmitResult({
        input,
        validated,
        nowMs,
        counts: { keyRequests: 0, keyTokens: 0, tenantRequests: 0, tenantTokens: 0 },
        figures: [],
        outcome: { status: "ok" },
        source: "noop",
      });
    },
    async settle(): Promise<SettleResult> {
      return { settled: true, source: "noop" };
    },
  };
}
