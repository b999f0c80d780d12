import { priceAt } from "./prices.js";
import type { CatalogModel, ModelPrice } from "./schema.js";

/**
 * Token usage in OpenAI's shape, with canonical semantics shared by every adapter:
 * prompt_tokens INCLUDES cached and cache-written tokens; completion_tokens INCLUDES
 * reasoning tokens. Structurally compatible with @switchboard/spec's Usage.
 */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
}

export interface CostBreakdown {
  /** Uncached, non-cache-write prompt tokens at the input price. */
  inputPico: number;
  cachedInputPico: number;
  cacheWritePico: number;
  /** Completion tokens that are not reasoning tokens. */
  outputPico: number;
  reasoningPico: number;
}

export interface Cost {
  costPicoUsd: number;
  breakdown: CostBreakdown;
}

/** Thrown when usage numbers contradict each other or a cost would leave the safe-integer range. */
export class CostError extends Error {
  override readonly name = "CostError";
}

function tokenCount(value: number | undefined, field: string): number {
  const v = value ?? 0;
  if (!Number.isSafeInteger(v) || v < 0) {
    throw new CostError(`usage.${field} must be a non-negative integer, got ${value}`);
  }
  return v;
}

function mul(tokens: number, price: number, what: string): number {
  const product = tokens * price;
  if (!Number.isSafeInteger(product)) {
    throw new CostError(`${what} cost ${tokens} × ${price} exceeds Number.MAX_SAFE_INTEGER picodollars`);
  }
  return product;
}

function checkedSum(parts: readonly number[]): number {
  const total = parts.reduce((a, b) => a + b, 0);
  if (!Number.isSafeInteger(total)) {
    throw new CostError("total cost exceeds Number.MAX_SAFE_INTEGER picodollars");
  }
  return total;
}

/**
 * Exact cost in picodollars: each token class × its µUSD/Mtok price, no rounding.
 * Cached input falls back to the input price, cache writes to the input price and
 * reasoning to the output price when the model publishes no separate rate.
 */
export function computeCost(usage: Usage, price: ModelPrice): Cost {
  const prompt = tokenCount(usage.prompt_tokens, "prompt_tokens");
  const completion = tokenCount(usage.completion_tokens, "completion_tokens");
  const cached = tokenCount(usage.prompt_tokens_details?.cached_tokens, "prompt_tokens_details.cached_tokens");
  const cacheWrite = tokenCount(
    usage.prompt_tokens_details?.cache_write_tokens,
    "prompt_tokens_details.cache_write_tokens",
  );
  const reasoning = tokenCount(
    usage.completion_tokens_details?.reasoning_tokens,
    "completion_tokens_details.reasoning_tokens",
  );

  // A negative remainder means an adapter mapped a provider's usage with the wrong
  // semantics (e.g. Anthropic input_tokens excludes cache reads); billing it would be a guess.
  const uncached = prompt - cached - cacheWrite;
  if (uncached < 0) {
    throw new CostError(
      `inconsistent usage: cached (${cached}) + cache_write (${cacheWrite}) exceed prompt_tokens (${prompt})`,
    );
  }
  const plainOutput = completion - reasoning;
  if (plainOutput < 0) {
    throw new CostError(`inconsistent usage: reasoning_tokens (${reasoning}) exceed completion_tokens (${completion})`);
  }

  const breakdown: CostBreakdown = {
    inputPico: mul(uncached, price.inputPerMtok, "input"),
    cachedInputPico: mul(cached, price.cachedInputPerMtok ?? price.inputPerMtok, "cached input"),
    cacheWritePico: mul(cacheWrite, price.cacheWritePerMtok ?? price.inputPerMtok, "cache write"),
    outputPico: mul(plainOutput, price.outputPerMtok, "output"),
    reasoningPico: mul(reasoning, price.reasoningPerMtok ?? price.outputPerMtok, "reasoning"),
  };
  const costPicoUsd = checkedSum([
    breakdown.inputPico,
    breakdown.cachedInputPico,
    breakdown.cacheWritePico,
    breakdown.outputPico,
    breakdown.reasoningPico,
  ]);
  return { costPicoUsd, breakdown };
}

/**
 * Upper bound for a budget reservation before the call: every prompt token at the dearest
 * input-side price (normally the input price; Anthropic-style cache writes cost more, and a
 * reservation must never be short) plus the whole output allowance (default: the model's
 * maxOutputTokens) at the dearer of output and reasoning prices.
 */
export function worstCaseCostPicoUsd(
  model: Pick<CatalogModel, "id" | "prices" | "maxOutputTokens">,
  promptTokens: number,
  maxOutputTokens?: number,
  at: Date | string = new Date(),
): number {
  const price = priceAt(model, at);
  const prompt = tokenCount(promptTokens, "promptTokens");
  const output = tokenCount(maxOutputTokens ?? model.maxOutputTokens, "maxOutputTokens");
  const inPrice = Math.max(price.inputPerMtok, price.cachedInputPerMtok ?? 0, price.cacheWritePerMtok ?? 0);
  const outPrice = Math.max(price.outputPerMtok, price.reasoningPerMtok ?? 0);
  return checkedSum([mul(prompt, inPrice, "input"), mul(output, outPrice, "output")]);
}
