import { computeCost, getModel, priceAt } from "@switchboard/catalog";
import { createRedisLimiter } from "@switchboard/limits";
import type { UsageEvent } from "@switchboard/queue";
import { Redis } from "ioredis";
import { Tiktoken } from "js-tiktoken/lite";
import o200k from "js-tiktoken/ranks/o200k_base";
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "./harness.js";
import { waitForUsageEvents } from "./multiprocess.js";

let t: TestGateway;
let redis: Redis;
beforeAll(async () => {
  t = await startTestGateway();
  redis = new Redis(t.redisUrl);
});
afterEach(() => t.mock.reset());
afterAll(async () => {
  redis?.disconnect();
  await t?.close();
});

const tokenizer = new Tiktoken(o200k);

function costOfEvent(ev: UsageEvent, modelId: string): string {
  const usage = {
    prompt_tokens: ev.promptTokens,
    completion_tokens: ev.completionTokens,
    prompt_tokens_details: { cached_tokens: ev.cachedTokens, cache_write_tokens: ev.cacheWriteTokens },
    completion_tokens_details: { reasoning_tokens: ev.reasoningTokens },
  };
  return String(computeCost(usage, priceAt(getModel(modelId)!, new Date(ev.startedAt))).costPicoUsd);
}

async function oneEvent(tenantId: string): Promise<UsageEvent> {
  const events = await waitForUsageEvents(t.redisUrl, tenantId, 1);
  expect(events).toHaveLength(1);
  return events[0]!;
}

async function spendOf(tenantId: string, keyId: string): Promise<bigint> {
  return (await createRedisLimiter({ redis, prefix: t.redisPrefix }).getSpend(tenantId, { keyId, period: "monthly" })).pico;
}

describe("streams cut short are billed from counted tokens", () => {
  it.each(["gpt-mock", "claude-mock", "gemini-mock"])("an upstream cut (%s, fault=cut after=8) is billed for what was streamed, marked estimated", async (model) => {
    const { key, tenantId, keyId } = await t.createKey();
    const stream = await t.client(key).chat.completions.create({ model, stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "Tell me a story [[mock fault=cut after=8 tokens=40]]" }] });
    let received = "";
    const failure = await (async () => {
      for await (const chunk of stream) received += chunk.choices[0]?.delta.content ?? "";
    })().then(
      () => null,
      (e: unknown) => e,
    );
    // Never a truncated answer presented as success.
    expect(failure).toBeInstanceOf(Error);
    expect(received.length).toBeGreaterThan(0);

    const ev = await oneEvent(tenantId);
    expect(ev.outcome).toBe("error");
    expect(ev.errorCode).toBeTruthy();
    expect(ev.tokensEstimated).toBe(true);
    expect(ev.completionTokens).toBeGreaterThan(0);
    // Never less than what the client received, counted with the gateway's BPE. gpt-mock reports no usage before
    // its end, so that count is the whole bill; Anthropic (output_tokens 1 up front) and Gemini (a running count)
    // send partial figures, which must not under-bill what was already streamed.
    const counted = tokenizer.encode(received).length;
    if (model === "gpt-mock") expect(ev.completionTokens).toBe(counted);
    else expect(ev.completionTokens).toBeGreaterThanOrEqual(counted);
    expect(ev.promptTokens).toBeGreaterThan(0);
    expect(ev.servedModel).toBe(`mock/${model}`);
    expect(ev.costPicoUsd).toBe(costOfEvent(ev, `mock/${model}`));
    expect(BigInt(ev.costPicoUsd)).toBeGreaterThan(0n);
    await expect.poll(() => spendOf(tenantId, keyId)).toBe(BigInt(ev.costPicoUsd));
  });

  it("a client that disconnects mid-stream is billed for the tokens sent, outcome cancelled", async () => {
    const { key, tenantId, keyId } = await t.createKey();
    const controller = new AbortController();
    const stream = await t.client(key).chat.completions.create(
      { model: "gpt-mock", stream: true, messages: [{ role: "user", content: "Long answer please [[mock tokens=400 tps=40]]" }] },
      { signal: controller.signal },
    );
    let received = "";
    let chunks = 0;
    await (async () => {
      for await (const chunk of stream) {
        received += chunk.choices[0]?.delta.content ?? "";
        if (++chunks === 10) controller.abort();
      }
    })().catch(() => undefined);
    expect(chunks).toBeGreaterThanOrEqual(10);

    const ev = await oneEvent(tenantId);
    expect(ev.outcome).toBe("cancelled");
    expect(ev.httpStatus).toBe(499);
    expect(ev.errorCode).toBe("client_disconnected");
    expect(ev.tokensEstimated).toBe(true);
    // At least what the client read, far less than the 400 the upstream would have produced.
    expect(ev.completionTokens).toBeGreaterThanOrEqual(tokenizer.encode(received).length);
    expect(ev.completionTokens).toBeLessThan(200);
    expect(ev.costPicoUsd).toBe(costOfEvent(ev, "mock/gpt-mock"));
    await expect.poll(() => spendOf(tenantId, keyId)).toBe(BigInt(ev.costPicoUsd));
    // The upstream stream was torn down too (nothing keeps generating for a gone client).
    expect(t.gateway.ctx.inflight.size).toBeLessThanOrEqual(1);
  });

  it("a client that disconnects before the first byte is cancelled at cost 0 and its reservation released", async () => {
    const { key, tenantId, keyId } = await t.createKey({ budgetPicoUsd: 10_000_000_000n });
    const controller = new AbortController();
    const pending = t.client(key).chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "slow [[mock latency_ms=3000]]" }] }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await expect(pending).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
    const ev = await oneEvent(tenantId);
    expect(ev.outcome).toBe("cancelled");
    expect(ev.costPicoUsd).toBe("0");
    const budget = await t.prisma.budget.findFirstOrThrow({ where: { tenantId } });
    const limiter = createRedisLimiter({ redis, prefix: t.redisPrefix });
    await expect.poll(async () => (await limiter.getBudgetState(tenantId, { id: budget.id, limitPico: budget.amountPicoUsd, period: "monthly", mode: "hard" })).reservedPico).toBe(0n);
    expect(await spendOf(tenantId, keyId)).toBe(0n);
  });
});

describe("failed attempts are not billed", () => {
  it("a 500 from the first model then a fallback bills only the served model", async () => {
    const { key, tenantId, keyId } = await t.createKey();
    // gpt-mock always fails; claude-mock answers.
    const res = await fetch(`${t.mock.url}/__mock/scenarios`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "gpt-mock", responses: [{ status: 500 }], repeat: true }) });
    expect(res.status).toBe(201);
    const { data, response } = await t
      .client(key)
      .chat.completions.create({ model: "gpt-mock", models: ["gpt-mock", "claude-mock"], messages: [{ role: "user", content: "fallback please" }] } as OpenAI.ChatCompletionCreateParamsNonStreaming)
      .withResponse();
    expect(data.model).toBe("mock/claude-mock");
    const attempts = Number(response.headers.get("x-switchboard-attempts"));
    expect(attempts).toBeGreaterThanOrEqual(2);

    const ev = await oneEvent(tenantId);
    expect(ev.outcome).toBe("success");
    expect(ev.requestedModel).toBe("gpt-mock");
    expect(ev.servedModel).toBe("mock/claude-mock");
    expect(ev.provider).toBe("mock-anthropic");
    expect(ev.attempts.count).toBe(attempts);
    expect(ev.attempts.detail.filter((a) => a.status === 500).map((a) => a.model)).toEqual(Array(attempts - 1).fill("mock/gpt-mock"));
    expect(ev.attempts.detail.at(-1)).toMatchObject({ model: "mock/claude-mock", status: 200 });
    // Billed once, for the answer's usage at the served model's prices.
    expect(ev.promptTokens).toBe(data.usage!.prompt_tokens);
    expect(ev.completionTokens).toBe(data.usage!.completion_tokens);
    expect(ev.costPicoUsd).toBe(costOfEvent(ev, "mock/claude-mock"));
    expect(response.headers.get("x-switchboard-cost-pico-usd")).toBe(ev.costPicoUsd);
    await expect.poll(() => spendOf(tenantId, keyId)).toBe(BigInt(ev.costPicoUsd));
  });

  it("a stream that fails before its first token fails over and bills only the served model", async () => {
    const { key, tenantId } = await t.createKey();
    await fetch(`${t.mock.url}/__mock/scenarios`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "gemini-mock", responses: [{ status: 503 }], repeat: true }) });
    const stream = await t.client(key).chat.completions.create({ model: "gemini-mock", models: ["gemini-mock", "gpt-mock"], stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "stream fallback" }] } as OpenAI.ChatCompletionCreateParamsStreaming);
    let usage: OpenAI.CompletionUsage | null = null;
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
    const ev = await oneEvent(tenantId);
    expect(ev.servedModel).toBe("mock/gpt-mock");
    expect(ev.tokensEstimated).toBe(false);
    expect(ev.completionTokens).toBe(usage!.completion_tokens);
    expect(ev.costPicoUsd).toBe(costOfEvent(ev, "mock/gpt-mock"));
  });
});
