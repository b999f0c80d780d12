import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listModels } from "./catalog.js";
import { computeCost, worstCaseCostPicoUsd } from "./cost.js";
import type { Usage } from "./cost.js";
import { priceAt } from "./prices.js";
import type { ModelPrice } from "./schema.js";

const priceArb: fc.Arbitrary<ModelPrice> = fc.record(
  {
    effectiveFrom: fc.constant("2025-01-01"),
    inputPerMtok: fc.integer({ min: 0, max: 100_000_000 }),
    outputPerMtok: fc.integer({ min: 0, max: 100_000_000 }),
    cachedInputPerMtok: fc.integer({ min: 0, max: 100_000_000 }),
    cacheWritePerMtok: fc.integer({ min: 0, max: 100_000_000 }),
    reasoningPerMtok: fc.integer({ min: 0, max: 100_000_000 }),
  },
  { requiredKeys: ["effectiveFrom", "inputPerMtok", "outputPerMtok"] },
);

/** Consistent usage: cached + cache-write ≤ prompt, reasoning ≤ completion. */
const usageArb: fc.Arbitrary<Usage> = fc
  .record({
    uncached: fc.integer({ min: 0, max: 2_000_000 }),
    cached: fc.integer({ min: 0, max: 2_000_000 }),
    cacheWrite: fc.integer({ min: 0, max: 200_000 }),
    plainOut: fc.integer({ min: 0, max: 400_000 }),
    reasoning: fc.integer({ min: 0, max: 400_000 }),
  })
  .map((u) => ({
    prompt_tokens: u.uncached + u.cached + u.cacheWrite,
    completion_tokens: u.plainOut + u.reasoning,
    prompt_tokens_details: { cached_tokens: u.cached, cache_write_tokens: u.cacheWrite },
    completion_tokens_details: { reasoning_tokens: u.reasoning },
  }));

/** The same formula in bigint, so a float or rounding slip in computeCost cannot hide. */
function referenceCost(u: Usage, p: ModelPrice): bigint {
  const cached = BigInt(u.prompt_tokens_details?.cached_tokens ?? 0);
  const write = BigInt(u.prompt_tokens_details?.cache_write_tokens ?? 0);
  const reasoning = BigInt(u.completion_tokens_details?.reasoning_tokens ?? 0);
  const input = BigInt(p.inputPerMtok);
  const output = BigInt(p.outputPerMtok);
  return (
    (BigInt(u.prompt_tokens) - cached - write) * input +
    cached * BigInt(p.cachedInputPerMtok ?? p.inputPerMtok) +
    write * BigInt(p.cacheWritePerMtok ?? p.inputPerMtok) +
    (BigInt(u.completion_tokens) - reasoning) * output +
    reasoning * BigInt(p.reasoningPerMtok ?? p.outputPerMtok)
  );
}

describe("computeCost properties", () => {
  it("is a safe integer, equals the bigint reference and its breakdown sums to the total", () => {
    fc.assert(
      fc.property(usageArb, priceArb, (usage, price) => {
        const { costPicoUsd, breakdown } = computeCost(usage, price);
        expect(Number.isSafeInteger(costPicoUsd)).toBe(true);
        for (const part of Object.values(breakdown)) {
          expect(Number.isSafeInteger(part)).toBe(true);
          expect(part).toBeGreaterThanOrEqual(0);
        }
        const sum =
          breakdown.inputPico + breakdown.cachedInputPico + breakdown.cacheWritePico + breakdown.outputPico + breakdown.reasoningPico;
        expect(sum).toBe(costPicoUsd);
        expect(BigInt(costPicoUsd)).toBe(referenceCost(usage, price));
      }),
      { numRuns: 500 },
    );
  });

  it("never decreases when more uncached prompt or plain completion tokens are used", () => {
    fc.assert(
      fc.property(usageArb, priceArb, fc.nat(100_000), fc.nat(100_000), (usage, price, morePrompt, moreOut) => {
        const base = computeCost(usage, price).costPicoUsd;
        const bigger = computeCost(
          { ...usage, prompt_tokens: usage.prompt_tokens + morePrompt, completion_tokens: usage.completion_tokens + moreOut },
          price,
        ).costPicoUsd;
        expect(bigger - base).toBe(morePrompt * price.inputPerMtok + moreOut * price.outputPerMtok);
        expect(bigger).toBeGreaterThanOrEqual(base);
      }),
      { numRuns: 300 },
    );
  });

  it("is bounded by worstCaseCostPicoUsd for every shipped model", () => {
    const models = listModels().filter((m) => m.mode === "chat");
    fc.assert(
      fc.property(fc.constantFrom(...models), usageArb, (model, usage) => {
        const price = priceAt(model);
        const completion = Math.min(usage.completion_tokens, model.maxOutputTokens);
        const reasoning = Math.min(usage.completion_tokens_details?.reasoning_tokens ?? 0, completion);
        const bounded: Usage = {
          ...usage,
          completion_tokens: completion,
          completion_tokens_details: { reasoning_tokens: reasoning },
        };
        expect(computeCost(bounded, price).costPicoUsd).toBeLessThanOrEqual(
          worstCaseCostPicoUsd(model, bounded.prompt_tokens),
        );
      }),
      { numRuns: 500 },
    );
  });
});
