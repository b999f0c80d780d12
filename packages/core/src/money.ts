/**
 * Money is integer picodollars (1e-12 USD) end to end. These convert at the edges only:
 * user-typed decimal strings in, display strings out. No floating point anywhere.
 */
export const PICO_PER_USD = 1_000_000_000_000n;

const USD_RE = /^\s*\$?\s*(\d{1,12})(?:\.(\d{0,12}))?\s*$/;

/** "12.5" → 12_500_000_000_000n. Returns null for anything that is not a non-negative decimal. */
export function parseUsdToPico(text: string): bigint | null {
  const m = USD_RE.exec(text);
  if (!m) return null;
  const whole = BigInt(m[1] ?? "0");
  const frac = (m[2] ?? "").padEnd(12, "0");
  return whole * PICO_PER_USD + BigInt(frac);
}

/**
 * Display string: cents for normal amounts, more digits for sub-cent ones so a $0.0004
 * request does not show as $0.00. Rounds half up, once, here.
 */
export function formatPicoUsd(pico: bigint, opts: { minDecimals?: number } = {}): string {
  const negative = pico < 0n;
  const abs = negative ? -pico : pico;
  const decimals = abs !== 0n && abs < 10_000_000_000n ? 6 : Math.max(2, opts.minDecimals ?? 2);
  const scale = 10n ** BigInt(12 - decimals);
  const rounded = (abs + scale / 2n) / scale;
  const unit = 10n ** BigInt(decimals);
  const whole = (rounded / unit).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  let frac = (rounded % unit).toString().padStart(decimals, "0");
  if (decimals > 2) frac = frac.replace(/0+$/, "").padEnd(2, "0");
  return `${negative ? "-" : ""}$${whole}.${frac}`;
}

/** Plain decimal string (no $ or separators) for CSV and JSON APIs, exact to the picodollar. */
export function picoToDecimalString(pico: bigint): string {
  const negative = pico < 0n;
  const abs = negative ? -pico : pico;
  const whole = abs / PICO_PER_USD;
  const frac = (abs % PICO_PER_USD).toString().padStart(12, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}
