/**
 * Money units (see README "Money"):
 * - prices: integer micro-USD per 1M tokens (µUSD/Mtok);
 * - costs: integer picodollars (1 pUSD = 1e-12 USD), because
 *   tokens × µUSD/Mtok = tokens × 1e-6 USD / 1e6 tokens = 1e-12 USD per unit: exact, no division.
 * Rounding happens once, when an invoice line is made (picoUsdToCentsRoundHalfUp).
 */

export const PICO_USD_PER_USD = 1_000_000_000_000n;
export const PICO_USD_PER_CENT = 10_000_000_000n;

function toBigIntPico(pico: bigint | number): bigint {
  if (typeof pico === "bigint") return pico;
  if (!Number.isSafeInteger(pico)) {
    throw new RangeError(`picodollar amount must be a safe integer, got ${pico}`);
  }
  return BigInt(pico);
}

/** Integer division rounding half away from zero (commercial rounding; half-up for non-negatives). */
function divRoundHalfAwayFromZero(value: bigint, divisor: bigint): bigint {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const q = (abs + divisor / 2n) / divisor;
  return negative ? -q : q;
}

/**
 * Whole cents for an invoice line. Half a cent rounds up (away from zero for credits),
 * e.g. 0.5¢ → 1¢, 0.4999…¢ → 0¢, −0.5¢ → −1¢.
 */
export function picoUsdToCentsRoundHalfUp(pico: bigint): bigint {
  return divRoundHalfAwayFromZero(pico, PICO_USD_PER_CENT);
}

/**
 * Display string for a picodollar amount, e.g. formatUsd(1_234_567_000_000n) === "$1.23",
 * formatUsd(150_000_000, 6) === "$0.000150". For dashboards and headers, never for billing:
 * it rounds (half away from zero) to `digits` decimals.
 */
export function formatUsd(pico: bigint | number, digits = 2): string {
  if (!Number.isInteger(digits) || digits < 0 || digits > 12) {
    throw new RangeError(`digits must be an integer in 0..12, got ${digits}`);
  }
  const value = toBigIntPico(pico);
  const unit = 10n ** BigInt(12 - digits);
  const scaled = divRoundHalfAwayFromZero(value, unit);
  const negative = scaled < 0n;
  const abs = negative ? -scaled : scaled;
  const scale = 10n ** BigInt(digits);
  const whole = abs / scale;
  const frac = abs % scale;
  const body = digits === 0 ? `${whole}` : `${whole}.${frac.toString().padStart(digits, "0")}`;
  return `${negative ? "-" : ""}$${body}`;
}

/** Exact sum of per-request costs; aggregates live in bigint so they never lose precision. */
export function sumPicoUsd(costs: Iterable<bigint | number>): bigint {
  let total = 0n;
  for (const c of costs) total += toBigIntPico(c);
  return total;
}
