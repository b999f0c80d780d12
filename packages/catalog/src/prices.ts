import type { CatalogModel, ModelPrice } from "./schema.js";

/** UTC calendar day of `at`; effectiveFrom dates start at 00:00 UTC. */
function utcDay(at: Date | string): string {
  if (typeof at === "string") {
    if (/^\d{4}-\d{2}-\d{2}$/.test(at)) return at;
    at = new Date(at);
  }
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new RangeError("priceAt: invalid date");
  // Every request prices itself: remember the last day's string instead of formatting a date each time.
  const dayNumber = Math.floor(ms / 86_400_000);
  if (dayNumber !== lastDayNumber) {
    lastDay = at.toISOString().slice(0, 10);
    lastDayNumber = dayNumber;
  }
  return lastDay;
}

let lastDayNumber = Number.NaN;
let lastDay = "";

/**
 * The price in force on `at` (default: now): the last entry whose effectiveFrom is on or
 * before that UTC day. Throws before the first entry, because billing a request with a
 * price that did not exist yet would be a silent guess.
 */
export function priceAt(model: Pick<CatalogModel, "id" | "prices">, at: Date | string = new Date()): ModelPrice {
  const day = utcDay(at);
  // Histories are short and sorted (the schema enforces it), so a backwards scan is cheapest.
  for (let i = model.prices.length - 1; i >= 0; i--) {
    const p = model.prices[i];
    if (p && p.effectiveFrom <= day) return p;
  }
  throw new RangeError(`${model.id} has no price effective on ${day}`);
}
