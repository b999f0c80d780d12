import { describe, expect, it } from "vitest";
import { PICO_USD_PER_CENT, formatUsd, picoUsdToCentsRoundHalfUp, sumPicoUsd } from "./money.js";

describe("picoUsdToCentsRoundHalfUp", () => {
  it.each([
    [0n, 0n],
    [4_999_999_999n, 0n], // just under half a cent
    [5_000_000_000n, 1n], // exactly half a cent rounds up
    [10_000_000_000n, 1n],
    [14_999_999_999n, 1n],
    [15_000_000_000n, 2n],
    [-5_000_000_000n, -1n], // credits round away from zero
    [-4_999_999_999n, 0n],
  ])("%s pUSD → %s¢", (pico, cents) => {
    expect(picoUsdToCentsRoundHalfUp(pico)).toBe(cents);
  });

  it("stays exact far beyond Number.MAX_SAFE_INTEGER", () => {
    const pico = 123_456_789_012_345_678_901_234n * PICO_USD_PER_CENT + 5_000_000_000n;
    expect(picoUsdToCentsRoundHalfUp(pico)).toBe(123_456_789_012_345_678_901_235n);
  });
});

describe("formatUsd", () => {
  it("formats with 2 digits by default, rounding half away from zero", () => {
    expect(formatUsd(1_234_567_000_000n)).toBe("$1.23");
    expect(formatUsd(1_235_000_000_000n)).toBe("$1.24");
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(-1_235_000_000_000n)).toBe("-$1.24");
  });

  it("shows sub-cent costs with more digits", () => {
    expect(formatUsd(150_000_000, 6)).toBe("$0.000150");
    expect(formatUsd(1, 12)).toBe("$0.000000000001");
    expect(formatUsd(2_500_000_000_000n, 0)).toBe("$3");
  });

  it("rejects unsafe numbers and bad digit counts", () => {
    expect(() => formatUsd(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
    expect(() => formatUsd(1.5)).toThrow(RangeError);
    expect(() => formatUsd(1n, 13)).toThrow(RangeError);
  });
});

describe("sumPicoUsd", () => {
  it("adds numbers and bigints exactly past the safe-integer range", () => {
    const n = Number.MAX_SAFE_INTEGER;
    expect(sumPicoUsd([n, n, 1n])).toBe(BigInt(n) * 2n + 1n);
  });
});
