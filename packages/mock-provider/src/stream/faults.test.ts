import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockProvider, type MockProvider } from "../index.js";
import { ANTHROPIC_HEADERS, obj, OPENAI_HEADERS, postJson, readUntil, sseData, sseEvents } from "../test-support/http.js";

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(() => mock.close());

const chat = (content: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = OPENAI_HEADERS, signal?: AbortSignal) =>
  postJson(`${mock.url}/v1/chat/completions`, { model: "m", messages: [{ role: "user", content }], ...extra }, headers, signal);

function timeouts(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
}

describe("faults", () => {
  it("reset destroys the connection before any response", async () => {
    await expect(chat("x [[mock fault=reset]]")).rejects.toThrow();
  });

  it("hang never answers (the client's own timeout fires)", async () => {
    const started = Date.now();
    await expect(chat("x [[mock fault=hang]]", {}, OPENAI_HEADERS, AbortSignal.timeout(300))).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("stall sends N events then keeps the socket open without ending", async () => {
    const res = await chat("x [[mock fault=stall after=3]]", { stream: true });
    expect(res.status).toBe(200);
    const read = await readUntil(res, 4, 400);
    expect(read.timedOut).toBe(true);
    expect(sseEvents(read.text)).toHaveLength(3);
  });

  it("cut sends N events then drops the connection without a terminator", async () => {
    const res = await chat("x [[mock fault=cut after=5]]", { stream: true });
    let text = "";
    const decoder = new TextDecoder();
    await expect(
      (async () => {
        for await (const chunk of res.body as ReadableStream<Uint8Array>) text += decoder.decode(chunk, { stream: true });
      })(),
    ).rejects.toThrow();
    expect(sseEvents(text)).toHaveLength(5);
    expect(text).not.toContain("[DONE]");
  });

  it("malformed replaces event N with garbage and the stream continues to [DONE]", async () => {
    const raw = await (await chat("x [[mock fault=malformed at=2 tokens=5]]", { stream: true })).text();
    const events = sseEvents(raw);
    expect(() => JSON.parse(String(events[1]).slice(6))).toThrow();
    expect(() => JSON.parse(String(events[2]).slice(6))).not.toThrow();
    expect(events.at(-1)).toBe("data: [DONE]");
  });

  it("no_done drops only the terminator, per dialect", async () => {
    const raw = await (await chat("x [[mock fault=no_done]]", { stream: true })).text();
    expect(raw).not.toContain("[DONE]");
    expect(sseData(raw).length).toBeGreaterThan(3);
    const anthropic = await (
      await postJson(`${mock.url}/v1/messages`, { model: "c", max_tokens: 50, stream: true, messages: [{ role: "user", content: "x [[mock fault=no_done]]" }] }, ANTHROPIC_HEADERS)
    ).text();
    expect(anthropic).toContain("event: message_delta");
    expect(anthropic).not.toContain("message_stop");
  });

  it("status + times fails the first N requests of a (directive, model) pair, then succeeds", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await chat("retry me [[mock status=503 times=2]]")).status);
    expect(statuses).toEqual([503, 503, 200, 200]);
    // A different model has its own count.
    const other = await postJson(`${mock.url}/v1/chat/completions`, { model: "other", messages: [{ role: "user", content: "retry me [[mock status=503 times=2]]" }] }, OPENAI_HEADERS);
    expect(other.status).toBe(503);
  });

  it("sends Retry-After and retry-after-ms on 429", async () => {
    const res = await chat("x [[mock status=429 retry_after=2]]");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("2");
    expect(res.headers.get("retry-after-ms")).toBe("2000");
    expect(obj(obj(await res.json()).error).code).toBe("rate_limit_exceeded");
  });

  it("x-mock-* headers steer like directives, and directives win over headers", async () => {
    expect((await chat("x", {}, { ...OPENAI_HEADERS, "x-mock-status": "500" })).status).toBe(500);
    expect((await chat("x [[mock status=502]]", {}, { ...OPENAI_HEADERS, "x-mock-status": "500" })).status).toBe(502);
  });
});

describe("timing", () => {
  it("latency_ms delays the whole answer", async () => {
    const started = Date.now();
    await (await chat("x [[mock latency_ms=150]]")).json();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("ttft_ms delays the first token and tps paces the rest", async () => {
    const started = Date.now();
    const res = await chat("x [[mock ttft_ms=120 tps=100 tokens=10]]", { stream: true });
    const first = await readUntil(res, 2, 2000);
    const firstAt = Date.now() - started;
    expect(firstAt).toBeGreaterThanOrEqual(110);
    expect(firstAt).toBeLessThan(400);
    expect(first.timedOut).toBe(false);
    const all = await (await chat("x [[mock ttft_ms=0 tps=100 tokens=10]]", { stream: true })).text();
    expect(sseData(all).at(-1)).toBe("[DONE]");
  });

  it("a client disconnect cancels the stream's timers immediately", async () => {
    const before = timeouts();
    const controller = new AbortController();
    const res = await chat("x [[mock tps=5 tokens=200]]", { stream: true }, OPENAI_HEADERS, controller.signal);
    await readUntil(res, 2, 2000);
    const during = timeouts();
    expect(during).toBeGreaterThan(before);
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 100));
    // At 5 tokens/s the stream would still be running for 40 s; its pacing timer must be gone.
    expect(timeouts()).toBeLessThan(during);
    expect(timeouts()).toBeLessThanOrEqual(before);
  });
});
