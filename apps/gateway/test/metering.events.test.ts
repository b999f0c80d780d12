import { usageEventSchema, type UsageEvent } from "@switchboard/queue";
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "./harness.js";
import { usageEventsFor, waitForUsageEvents } from "./multiprocess.js";

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterEach(() => t.mock.reset());
afterAll(() => t?.close());

/** Waits for the tenant's first event, then a little longer so a duplicate would show up too. */
async function exactlyOneEvent(tenantId: string): Promise<UsageEvent> {
  await waitForUsageEvents(t.redisUrl, tenantId, 1);
  await new Promise((r) => setTimeout(r, 300));
  const events = await usageEventsFor(t.redisUrl, tenantId);
  expect(events).toHaveLength(1);
  const { jobId, event } = events[0]!;
  expect(usageEventSchema.parse(event)).toEqual(event);
  // A batch job (one per gateway tick), its id derived from the batch's request ids.
  expect(jobId).toMatch(/^b%3A\d+%3A[\w-]{27}%3A/);
  return event;
}

async function failure(p: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(OpenAI.APIError);
  return e as InstanceType<typeof OpenAI.APIError>;
}

describe("every request emits exactly one usage event", () => {
  it("success (non-streaming and streaming)", async () => {
    for (const stream of [false, true]) {
      const { key, tenantId, keyId } = await t.createKey();
      let requestId: string | null;
      if (stream) {
        const { data, response } = await t.client(key).chat.completions.create({ model: "gpt-mock", stream: true, messages: [{ role: "user", content: "hi" }] }).withResponse();
        for await (const _ of data) void _;
        requestId = response.headers.get("x-request-id");
      } else {
        const { response } = await t.client(key).chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "hi" }] }).withResponse();
        requestId = response.headers.get("x-request-id");
      }
      const ev = await exactlyOneEvent(tenantId);
      expect(ev).toMatchObject({ requestId, tenantId, apiKeyId: keyId, outcome: "success", httpStatus: 200, stream, errorCode: null, endpoint: "/chat/completions" });
      expect(ev.attempts.count).toBe(1);
      expect(BigInt(ev.costPicoUsd)).toBeGreaterThan(0n);
    }
  });

  it("upstream error that is not retried (400 from the provider)", async () => {
    const { key, tenantId } = await t.createKey();
    const e = await failure(t.client(key).chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "bad [[mock error=bad_request]]" }] }));
    expect(e.status).toBe(400);
    const ev = await exactlyOneEvent(tenantId);
    expect(ev).toMatchObject({ requestId: e.requestID, outcome: "error", httpStatus: 400, servedModel: null, costPicoUsd: "0" });
    expect(ev.attempts.count).toBe(1);
  });

  it("upstream error after retries (500 on every attempt)", async () => {
    const { key, tenantId } = await t.createKey();
    const e = await failure(t.client(key).chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "boom [[mock status=500]]" }] }));
    expect(e.status).toBe(502);
    const ev = await exactlyOneEvent(tenantId);
    expect(ev).toMatchObject({ requestId: e.requestID, outcome: "error", httpStatus: 502, costPicoUsd: "0" });
    expect(ev.attempts.count).toBeGreaterThanOrEqual(2);
    expect(ev.attempts.detail.every((a) => a.status === 500)).toBe(true);
  });

  it("rate-limited (429) requests each emit one event, never reaching the upstream", async () => {
    const { key, tenantId } = await t.createKey({ rpmLimit: 1 });
    await t.client(key).chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "first" }] });
    const before = (await t.mock.requests()).length;
    const errors = await Promise.all([1, 2, 3].map(() => failure(t.client(key).chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "again" }] }))));
    expect((await t.mock.requests()).length).toBe(before);
    await waitForUsageEvents(t.redisUrl, tenantId, 4);
    await new Promise((r) => setTimeout(r, 300));
    const events = (await usageEventsFor(t.redisUrl, tenantId)).map((x) => x.event);
    expect(events).toHaveLength(4);
    for (const e of errors) {
      expect(e.status).toBe(429);
      const ev = events.filter((x) => x.requestId === e.requestID);
      expect(ev).toHaveLength(1);
      expect(ev[0]).toMatchObject({ outcome: "error", httpStatus: 429, errorCode: "rate_limit_requests", provider: null, servedModel: null, costPicoUsd: "0" });
      expect(ev[0]!.attempts.count).toBe(0);
    }
  });

  it("budget-refused (429 insufficient_quota) requests emit one event", async () => {
    const { key, tenantId } = await t.createKey({ budgetPicoUsd: 1n });
    const e = await failure(t.client(key).chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "hi" }] }));
    expect(e).toMatchObject({ status: 429, code: "insufficient_quota" });
    const ev = await exactlyOneEvent(tenantId);
    expect(ev).toMatchObject({ requestId: e.requestID, outcome: "error", httpStatus: 429, errorCode: "insufficient_quota" });
  });

  it("cancelled before the upstream answered", async () => {
    const { key, tenantId } = await t.createKey();
    const controller = new AbortController();
    const p = t.client(key).chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "slow [[mock latency_ms=2000]]" }] }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await expect(p).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
    const ev = await exactlyOneEvent(tenantId);
    expect(ev).toMatchObject({ outcome: "cancelled", httpStatus: 499, errorCode: "client_disconnected", costPicoUsd: "0" });
  });

  it("cancelled mid-stream", async () => {
    const { key, tenantId } = await t.createKey();
    const controller = new AbortController();
    const stream = await t.client(key).chat.completions.create({ model: "claude-mock", stream: true, messages: [{ role: "user", content: "long [[mock tokens=300 tps=50]]" }] }, { signal: controller.signal });
    let n = 0;
    await (async () => {
      for await (const _ of stream) if (++n === 5) controller.abort();
    })().catch(() => undefined);
    const ev = await exactlyOneEvent(tenantId);
    expect(ev).toMatchObject({ outcome: "cancelled", httpStatus: 499, stream: true, servedModel: "mock/claude-mock" });
  });

  it("embeddings: success and rate-limited", async () => {
    const { key, tenantId } = await t.createKey({ rpmLimit: 1 });
    const { response } = await t.client(key).embeddings.create({ model: "embed-mock", input: "hello" }).withResponse();
    const e = await failure(t.client(key).embeddings.create({ model: "embed-mock", input: "hello" }));
    expect(e.status).toBe(429);
    await waitForUsageEvents(t.redisUrl, tenantId, 2);
    await new Promise((r) => setTimeout(r, 300));
    const events = (await usageEventsFor(t.redisUrl, tenantId)).map((x) => x.event);
    expect(events.map((x) => x.requestId).sort()).toEqual([response.headers.get("x-request-id"), e.requestID].sort());
    expect(events.find((x) => x.requestId === e.requestID)).toMatchObject({ outcome: "error", httpStatus: 429, endpoint: "/embeddings" });
  });

  it("requests refused by the gateway after authentication (context too long, unknown model) are also accounted", async () => {
    const { key, tenantId } = await t.createKey();
    const tooLong = await failure(t.client(key).chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "word ".repeat(20_000) }] }));
    expect(tooLong).toMatchObject({ status: 400, code: "context_length_exceeded" });
    const unknown = await failure(t.client(key).chat.completions.create({ model: "no-such-model", messages: [{ role: "user", content: "hi" }] }));
    expect(unknown.status).toBe(404);
    await waitForUsageEvents(t.redisUrl, tenantId, 2, 3_000);
    const events = (await usageEventsFor(t.redisUrl, tenantId)).map((x) => x.event);
    expect(events.map((x) => x.requestId).sort()).toEqual([tooLong.requestID, unknown.requestID].sort());
    for (const ev of events) expect(ev).toMatchObject({ outcome: "error", costPicoUsd: "0", servedModel: null });
  });
});

describe("usage that contradicts itself never loses the request or its event", () => {
  it("an upstream reporting more cached tokens than prompt tokens: the answer is delivered and one event is emitted", async () => {
    const { key, tenantId } = await t.createKey();
    const body = {
      id: "chatcmpl-odd",
      object: "chat.completion",
      created: 1_700_000_000,
      model: "gpt-mock",
      choices: [{ index: 0, message: { role: "assistant", content: "odd usage" }, finish_reason: "stop", logprobs: null }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, prompt_tokens_details: { cached_tokens: 50 }, completion_tokens_details: { reasoning_tokens: 9 } },
    };
    const res = await fetch(`${t.mock.url}/__mock/scenarios`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "gpt-mock", responses: [{ body }] }) });
    expect(res.status).toBe(201);
    const { data, response } = await t.client(key).chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "hi" }] }).withResponse();
    expect(data.choices[0]?.message.content).toBe("odd usage");
    const ev = await exactlyOneEvent(tenantId);
    expect(ev.outcome).toBe("success");
    // Billed on the consistent part: cached capped at the prompt, reasoning at the completion.
    expect(ev.cachedTokens).toBeLessThanOrEqual(ev.promptTokens);
    expect(ev.reasoningTokens).toBeLessThanOrEqual(ev.completionTokens);
    expect(response.headers.get("x-switchboard-cost-pico-usd")).toBe(ev.costPicoUsd);
  });
});
