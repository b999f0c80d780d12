import { METER_UNIT_PICO } from "../stripe/metered-price.js";

/** cost × (10 000 + bps) / 10 000, in integer picodollars (truncated: a sub-picodollar is not money). */
export function applyMarkup(costPicoUsd: bigint, markupBps: number): bigint {
  if (!Number.isInteger(markupBps) || markupBps < 0) throw new Error(`markupBps must be a non-negative integer, got ${markupBps}`);
  return (costPicoUsd * BigInt(10_000 + markupBps)) / 10_000n;
}

/**
 * Meter units to send so that the tenant's cumulative units always equal floor(cumulative billed / unit):
 * the sub-unit remainder of one report is carried into the next instead of being lost to rounding
 * each window. Over any number of reports the error stays below one unit (one micro-dollar).
 */
export function unitsToSend(billedBeforePico: bigint, unitsBefore: bigint, billedNowPico: bigint): bigint {
  return (billedBeforePico + billedNowPico) / METER_UNIT_PICO - unitsBefore;
}

/** Deterministic per tenant and window; a later correction for the same window gets `-r<n>`. */
export function meterIdentifier(tenantId: string, windowStart: Date, revision: number): string {
  const base = `sb-${tenantId}-${windowStart.toISOString()}`;
  return revision === 0 ? base : `${base}-r${revision}`;
}
