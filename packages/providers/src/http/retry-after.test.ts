import { describe, expect, it } from "vitest";
import { durationToMs, joinUrl, retryAfterMsFromHeaders } from "./retry-after.js";

describe("retryAfterMsFromHeaders", () => {
  it("prefers retry-after-ms, then seconds, then an HTTP date", () => {
    expect(retryAfterMsFromHeaders({ "retry-after-ms": "1500", "retry-after": "9" })).toBe(1500);
    expect(retryAfterMsFromHeaders({ "Retry-After": "2.5" })).toBe(2500);
    const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");
    expect(retryAfterMsFromHeaders({ "retry-after": "Wed, 21 Oct 2015 07:28:30 GMT" }, now)).toBe(30_000);
    expect(retryAfterMsFromHeaders({ "retry-after": "soon" })).toBeUndefined();
    expect(retryAfterMsFromHeaders({})).toBeUndefined();
  });

  it("parses Google durations and joins urls", () => {
    expect(durationToMs("34.4s")).toBe(34_400);
    expect(durationToMs("2s")).toBe(2000);
    expect(durationToMs("abc")).toBeUndefined();
    expect(joinUrl("https://x/v1/", "/chat/completions")).toBe("https://x/v1/chat/completions");
  });
});
