import { describe, expect, it } from "vitest";
import { formatUsd } from "./html.js";

describe("formatUsd", () => {
  it("shows cents for amounts of a cent or more, truncating (display only)", () => {
    expect(formatUsd(0n)).toBe("$0.00");
    expect(formatUsd(10_000_000_000n)).toBe("$0.01");
    expect(formatUsd(1_234_567_890_000_000n)).toBe("$1,234.56");
  });
  it("shows sub-cent amounts in micro-dollars instead of $0.00", () => {
    expect(formatUsd(1_500_000n)).toBe("$0.000001");
    expect(formatUsd(4_560_000_000n)).toBe("$0.00456");
  });
});
