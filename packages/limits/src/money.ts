/**
 * Money is picodollars (1e-12 USD) as integers. Redis counters are signed 64-bit, so any single
 * counter tops out at 2^63-1 pico ≈ $9.2M; inputs beyond that are rejected rather than wrapped.
 */
export type Pico = bigint;

export const MAX_PICO = 2n ** 63n - 1n;

export class InvalidAmountError extends Error {
  override readonly name = "InvalidAmountError";
}

/** Accepts bigint, a safe non-negative integer number, or a decimal integer string. */
export function toPico(value: bigint | number | string, what = "amount"): Pico {
  let v: bigint;
  if (typeof value === "bigint") v = value;
  else if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new InvalidAmountError(`${what} must be a safe integer of picodollars, got ${value}`);
    v = BigInt(value);
  } else {
    if (!/^\d{1,19}$/.test(value)) throw new InvalidAmountError(`${what} must be a decimal integer string of picodollars`);
    v = BigInt(value);
  }
  if (v < 0n) throw new InvalidAmountError(`${what} must not be negative`);
  if (v > MAX_PICO) throw new InvalidAmountError(`${what} exceeds the 64-bit counter range`);
  return v;
}

/** Parses a counter read back from Redis (null/missing = 0). */
export function picoFromRedis(value: string | null | undefined): Pico {
  if (value === null || value === undefined || value === "") return 0n;
  return BigInt(value);
}
