import { describe, expect, it } from "vitest";
import { getModel } from "./catalog.js";
import { CostError, computeCost, worstCaseCostPicoUsd } from "./cost.js";
import { formatUsd } from "./money.js";
import { priceAt } from "./prices.js";
import type { CatalogModel } from "./schema.js";

function model(idOrAlias: string): CatalogModel {
  const m = getModel(idOrAlias);
  if (!m) throw new Error(`missing ${idOrAlias}`);
  return m;
}

describe("computeCost, recomputed by hand", () => {
  it("OpenAI usage with cached prompt and reasoning tokens (o4-mini)", () => {
    // o4-mini: input $1.10, cached $0.275, output $4.40 per Mtok; no separate reasoning price.
    const price = priceAt(model("o4-mini"), "2026-01-01");
    const cost = computeCost(
      {
        prompt_tokens: 2_000,
        completion_tokens: 800,
        total_tokens: 2_800,
        prompt_tokens_details: { cached_tokens: 1_500 },
        completion_tokens_details: { reasoning_tokens: 600 },
      },
      price,
    );
    expect(cost.breakdown).toEqual({
      inputPico: 500 * 1_100_000, // 550_000_000
      cachedInputPico: 1_500 * 275_000, // 412_500_000
      cacheWritePico: 0,
      outputPico: 200 * 4_400_000, // 880_000_000
      reasoningPico: 600 * 4_400_000, // 2_640_000_000
    });
    expect(cost.costPicoUsd).toBe(4_482_500_000);
    expect(formatUsd(cost.costPicoUsd, 7)).toBe("$0.0044825");
  });

  it("Anthropic usage mapped to canonical form (cache read + 5m cache write), Sonnet 4.5", () => {
    // Anthropic reports input_tokens=100 EXCLUDING cache_read_input_tokens=2000 and
    // cache_creation_input_tokens=500; the canonical prompt_tokens is their sum.
    const price = priceAt(model("claude-sonnet-4-5"), "2026-01-01");
    const cost = computeCost(
      {
        prompt_tokens: 2_600,
        completion_tokens: 300,
        prompt_tokens_details: { cached_tokens: 2_000, cache_write_tokens: 500 },
      },
      price,
    );
    expect(cost.breakdown).toEqual({
      inputPico: 100 * 3_000_000,
      cachedInputPico: 2_000 * 300_000,
      cacheWritePico: 500 * 3_750_000,
      outputPico: 300 * 15_000_000,
      reasoningPico: 0,
    });
    expect(cost.costPicoUsd).toBe(300_000_000 + 600_000_000 + 1_875_000_000 + 4_500_000_000);
    expect(formatUsd(cost.costPicoUsd, 6)).toBe("$0.007275");
  });

  it("Gemini usage mapped to canonical form (cachedContent + thoughts), 2.5 Flash", () => {
    // promptTokenCount=10000 includes cachedContentTokenCount=8000; candidates=200 and
    // thoughtsTokenCount=1000 become completion_tokens=1200 with reasoning_tokens=1000.
    const price = priceAt(model("google/gemini-2.5-flash"), "2026-01-01");
    const cost = computeCost(
      {
        prompt_tokens: 10_000,
        completion_tokens: 1_200,
        prompt_tokens_details: { cached_tokens: 8_000 },
        completion_tokens_details: { reasoning_tokens: 1_000 },
      },
      price,
    );
    expect(cost.breakdown).toEqual({
      inputPico: 2_000 * 300_000,
      cachedInputPico: 8_000 * 30_000,
      cacheWritePico: 0,
      outputPico: 200 * 2_500_000,
      reasoningPico: 1_000 * 2_500_000,
    });
    expect(cost.costPicoUsd).toBe(3_840_000_000);
  });

  it("uses reasoningPerMtok when set and falls back to input/output prices otherwise", () => {
    const usage = {
      prompt_tokens: 10,
      completion_tokens: 10,
      prompt_tokens_details: { cached_tokens: 3, cache_write_tokens: 2 },
      completion_tokens_details: { reasoning_tokens: 4 },
    };
    const withAll = computeCost(usage, {
      effectiveFrom: "2025-01-01",
      inputPerMtok: 100,
      outputPerMtok: 1_000,
      cachedInputPerMtok: 10,
      cacheWritePerMtok: 125,
      reasoningPerMtok: 3_000,
    });
    expect(withAll.breakdown).toEqual({
      inputPico: 500,
      cachedInputPico: 30,
      cacheWritePico: 250,
      outputPico: 6_000,
      reasoningPico: 12_000,
    });
    const bare = computeCost(usage, { effectiveFrom: "2025-01-01", inputPerMtok: 100, outputPerMtok: 1_000 });
    expect(bare.breakdown).toEqual({
      inputPico: 500,
      cachedInputPico: 300,
      cacheWritePico: 200,
      outputPico: 6_000,
      reasoningPico: 4_000,
    });
    expect(bare.costPicoUsd).toBe(11_000);
  });

  it("accepts null details and zero usage", () => {
    const price = priceAt(model("gpt-mock"));
    expect(
      computeCost({ prompt_tokens: 0, completion_tokens: 0, prompt_tokens_details: null, completion_tokens_details: null }, price)
        .costPicoUsd,
    ).toBe(0);
  });
});

describe("computeCost rejects inconsistent usage", () => {
  const price = { effectiveFrom: "2025-01-01", inputPerMtok: 1_000_000, outputPerMtok: 2_000_000 };

  it("throws when cached + cache-write tokens exceed the prompt", () => {
    expect(() =>
      computeCost({ prompt_tokens: 10, completion_tokens: 0, prompt_tokens_details: { cached_tokens: 8, cache_write_tokens: 3 } }, price),
    ).toThrow(CostError);
  });

  it("throws when reasoning tokens exceed the completion", () => {
    expect(() =>
      computeCost({ prompt_tokens: 0, completion_tokens: 5, completion_tokens_details: { reasoning_tokens: 6 } }, price),
    ).toThrow(/reasoning_tokens/);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("throws on token count %s", (bad) => {
    expect(() => computeCost({ prompt_tokens: bad, completion_tokens: 0 }, price)).toThrow(CostError);
  });

  it("throws instead of losing precision past Number.MAX_SAFE_INTEGER", () => {
    const huge = { effectiveFrom: "2025-01-01", inputPerMtok: 1_000_000_000, outputPerMtok: 1_000_000_000 };
    expect(() => computeCost({ prompt_tokens: 10_000_000, completion_tokens: 0 }, huge)).toThrow(/MAX_SAFE_INTEGER/);
    // Each part fits but the sum would not.
    expect(() => computeCost({ prompt_tokens: 5_000_000, completion_tokens: 5_000_000 }, huge)).toThrow(/MAX_SAFE_INTEGER/);
  });
});

describe("worstCaseCostPicoUsd", () => {
  it("charges the prompt at the dearest input-side price and the allowance at the output price", () => {
    // Sonnet 4.5: 5m cache write $3.75 > input $3; output $15.
    const m = model("claude-sonnet-4-5");
    expect(worstCaseCostPicoUsd(m, 1_000, 100, "2026-01-01")).toBe(1_000 * 3_750_000 + 100 * 15_000_000);
  });

  it("defaults the output allowance to the model's maxOutputTokens", () => {
    const m = model("gpt-4o-mini");
    expect(worstCaseCostPicoUsd(m, 1_000)).toBe(1_000 * 150_000 + 16_384 * 600_000);
  });

  it("uses the reasoning price when it is dearer than output", () => {
    const m: Pick<CatalogModel, "id" | "prices" | "maxOutputTokens"> = {
      id: "x/y",
      maxOutputTokens: 10,
      prices: [{ effectiveFrom: "2025-01-01", inputPerMtok: 1, outputPerMtok: 5, reasoningPerMtok: 7 }],
    };
    expect(worstCaseCostPicoUsd(m, 3, undefined, "2025-02-01")).toBe(3 + 70);
  });

  it("uses the price in force on the given date", () => {
    const o3 = model("o3");
    expect(worstCaseCostPicoUsd(o3, 1_000, 0, "2025-05-01")).toBe(1_000 * 10_000_000);
    expect(worstCaseCostPicoUsd(o3, 1_000, 0, "2025-07-01")).toBe(1_000 * 2_000_000);
  });
});
