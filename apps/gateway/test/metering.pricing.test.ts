import { computeCost, getModel, priceAt } from "@switchboard/catalog";
import { createRedisLimiter } from "@switchboard/limits";
import type { UsageEvent } from "@switchboard/queue";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "./harness.js";
import { waitForUsageEvents } from "./multiprocess.js";

let t: TestGateway;
let redis: Redis;
beforeAll(async () => {
  t = await startTestGateway();
  redis = new Redis(t.redisUrl);
});
afterAll(async () => {
  redis?.disconnect();
  await t?.close();
});

// Long enough that the mock's prompt count (ceil(chars / 4)) exceeds cached + cache_write: every class is non-zero.
const filler = "Please summarise the following paragraph about caching and reasoning in large language models. ".repeat(10);

/** The cost from first principles, with the mock models' published prices ($ per Mtok = µUSD per token). */
function expectedCostPico(u: { prompt: number; cached: number; cacheWrite: number; completion: number; reasoning: number }, model: string): bigint {
  const p = priceAt(getModel(model)!, new Date());
  const pico = (tokens: number, perMtok: number | undefined, fallback: number) => BigInt(tokens) * BigInt(perMtok ?? fallback);
  return (
    pico(u.prompt - u.cached - u.cacheWrite, p.inputPerMtok, 0) +
    pico(u.cached, p.cachedInputPerMtok, p.inputPerMtok) +
    pico(u.cacheWrite, p.cacheWritePerMtok, p.inputPerMtok) +
    pico(u.completion - u.reasoning, p.outputPerMtok, 0) +
    pico(u.reasoning, p.reasoningPerMtok, p.outputPerMtok)
  );
}

const words = (text: string) => text.trim().split(/\s+/).filter(Boolean).length;

// Anthropic's output_tokens includes thinking and is not split (billed as output, which is what Anthropic
// charges), so its reasoning count stays 0 rather than guessed; OpenAI and Gemini report it.
const shapes = [
  { model: "gpt-mock", id: "mock/gpt-mock", cacheWrite: 0, reasoning: 20 },
  { model: "claude-mock", id: "mock/claude-mock", cacheWrite: 50, reasoning: 0 },
  { model: "gemini-mock", id: "mock/gemini-mock", cacheWrite: 0, reasoning: 20 },
] as const;

describe.each(shapes)("cached and reasoning tokens priced right for $model", ({ model, id, cacheWrite, reasoning }) => {
  const directive = `[[mock cached=100 reasoning=20${cacheWrite ? ` cache_write=${cacheWrite}` : ""}]]`;
  const content = `${filler} ${directive}`;
  const mockPrompt = Math.max(Math.ceil(content.length / 4), 100 + cacheWrite);

  function checkEvent(ev: UsageEvent, visibleWords: number) {
    expect(ev.servedModel).toBe(id);
    expect(ev.tokensEstimated).toBe(false);
    expect(ev.promptTokens).toBe(mockPrompt);
    expect(ev.cachedTokens).toBe(100);
    expect(ev.cacheWriteTokens).toBe(cacheWrite);
    expect(ev.reasoningTokens).toBe(reasoning);
    // completion_tokens includes reasoning in every provider's mapping (Gemini reports thoughts separately).
    expect(ev.completionTokens).toBe(visibleWords + 20);
    const usage = {
      prompt_tokens: ev.promptTokens,
      completion_tokens: ev.completionTokens,
      prompt_tokens_details: { cached_tokens: ev.cachedTokens, cache_write_tokens: ev.cacheWriteTokens },
      completion_tokens_details: { reasoning_tokens: ev.reasoningTokens },
    };
    const recomputed = computeCost(usage, priceAt(getModel(id)!, new Date(ev.startedAt))).costPicoUsd;
    expect(ev.costPicoUsd).toBe(String(recomputed));
    expect(BigInt(ev.costPicoUsd)).toBe(expectedCostPico({ prompt: ev.promptTokens, cached: 100, cacheWrite, completion: ev.completionTokens, reasoning }, id));
  }

  it("non-streaming: usage event, response usage and x-switchboard-cost-pico-usd agree", async () => {
    const { key, tenantId, keyId } = await t.createKey();
    const { data, response } = await t.client(key).chat.completions.create({ model, messages: [{ role: "user", content }] }).withResponse();
    const visible = words(data.choices[0]!.message.content ?? "");
    expect(data.usage?.prompt_tokens).toBe(mockPrompt);
    expect(data.usage?.prompt_tokens_details?.cached_tokens).toBe(100);
    expect(data.usage?.completion_tokens_details?.reasoning_tokens ?? 0).toBe(reasoning);
    expect(data.usage?.completion_tokens).toBe(visible + 20);

    const [ev] = await waitForUsageEvents(t.redisUrl, tenantId, 1);
    expect(ev).toBeDefined();
    expect(ev!.requestId).toBe(response.headers.get("x-request-id"));
    checkEvent(ev!, visible);
    expect(response.headers.get("x-switchboard-cost-pico-usd")).toBe(ev!.costPicoUsd);

    // The live spend counters carry the same exact figure.
    const limiter = createRedisLimiter({ redis, prefix: t.redisPrefix });
    await expect.poll(async () => (await limiter.getSpend(tenantId, { keyId, period: "monthly" })).pico).toBe(BigInt(ev!.costPicoUsd));
  });

  it("streaming with include_usage: the usage event is priced from the upstream's final usage", async () => {
    const { key, tenantId } = await t.createKey();
    const stream = await t.client(key).chat.completions.create({ model, stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content }] });
    let text = "";
    let usage: { prompt_tokens: number; completion_tokens: number } | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      if (chunk.usage) usage = chunk.usage;
    }
    const [ev] = await waitForUsageEvents(t.redisUrl, tenantId, 1);
    expect(ev).toBeDefined();
    checkEvent(ev!, words(text));
    expect(usage).toMatchObject({ prompt_tokens: ev!.promptTokens, completion_tokens: ev!.completionTokens });
  });
});
