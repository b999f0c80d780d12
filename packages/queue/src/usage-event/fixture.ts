import type { UsageEvent } from "./schema.js";

/** A valid usage event for tests and benchmarks; `i` makes the requestId unique. */
export function usageEventFixture(i: number, overrides: Partial<UsageEvent> = {}): UsageEvent {
  return {
    v: 1,
    requestId: `req_${i}`,
    tenantId: "ten_1",
    apiKeyId: "key_1",
    requestedModel: "gpt-4o-mini",
    servedModel: "gpt-4o-mini",
    provider: "openai",
    endpoint: "/v1/chat/completions",
    attempts: { count: 1, detail: [{ provider: "openai", model: "gpt-4o-mini", status: 200, errorCode: null, latencyMs: 120 }] },
    promptTokens: 10,
    completionTokens: 20,
    cachedTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    tokensEstimated: false,
    costPicoUsd: "13500000",
    latencyMs: 130,
    ttftMs: 40,
    httpStatus: 200,
    outcome: "success",
    errorCode: null,
    stream: false,
    cacheHit: false,
    startedAt: "2026-01-01T00:00:00.000Z",
    ...overrides,
  };
}
