import { describe, expect, it } from "vitest";
import { formatResetDuration, rateLimitHeaders } from "./headers.js";
import { createLocalLimiter } from "./local-limiter.js";

describe("formatResetDuration", () => {
  it.each([
    [0, "0ms"],
    [20, "20ms"],
    [1000, "1s"],
    [1500, "1.5s"],
    [59_999, "59.999s"],
    [360_000, "6m0s"],
  ])("%d ms → %s", (ms, text) => {
    expect(formatResetDuration(ms)).toBe(text);
  });
});

describe("rateLimitHeaders", () => {
  it("advertises the tighter of key and tenant limits, and retry-after on denial", async () => {
    const limiter = createLocalLimiter();
    const nowMs = Date.UTC(2026, 10, 21, 12, 0, 45, 500);
    const base = {
      tenantId: "t",
      keyId: "k",
      keyLimits: { rpm: 2, tpm: 1000 },
      tenantLimits: { rpm: 100, tpm: 500 },
      estimatedTokens: 100,
      reservePico: 0,
      budgets: [],
      nowMs,
    };
    const ok = await limiter.admit({ ...base, requestId: "a" });
    expect(rateLimitHeaders(ok)).toEqual({
      "x-ratelimit-limit-requests": "2",
      "x-ratelimit-remaining-requests": "1",
      "x-ratelimit-reset-requests": "14.5s",
      "x-ratelimit-limit-tokens": "500",
      "x-ratelimit-remaining-tokens": "400",
      "x-ratelimit-reset-tokens": "14.5s",
    });
    await limiter.admit({ ...base, requestId: "b" });
    const denied = await limiter.admit({ ...base, requestId: "c" });
    expect(rateLimitHeaders(denied)).toMatchObject({ "x-ratelimit-remaining-requests": "0", "retry-after-ms": "14500", "retry-after": "15" });
    const unlimited = await limiter.admit({ ...base, requestId: "d", keyId: "k2", keyLimits: { rpm: null, tpm: null }, tenantLimits: { rpm: null, tpm: null } });
    expect(rateLimitHeaders(unlimited)).toEqual({});
  });
});
