import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "./harness.js";

const CONFIG = `
models:
  - id: mock/gpt-mock-cheap
    provider: mock
    kind: openai-compatible
    upstreamModel: gpt-mock-cheap
    aliases: []
    mode: chat
    contextWindow: 16384
    maxOutputTokens: 4096
    capabilities: { tools: true, parallelTools: true, vision: true, jsonSchema: true, reasoning: true, embeddings: false }
    prices: [{ effectiveFrom: "2025-01-01", inputPerMtok: 10000, outputPerMtok: 20000 }]
    source: { url: "http://127.0.0.1/", retrieved: "2026-11-21" }
routes:
  - name: primary-then-gemini
    strategy: fallback
    targets: [{ model: mock/gpt-mock }, { model: mock/gemini-mock }]
    retry: { max_attempts_per_target: 1 }
  - name: retrying
    targets: [{ model: mock/gpt-mock }]
    retry: { max_attempts_per_target: 3, retry_after_cap_ms: 5000 }
  - name: deadline
    targets: [{ model: mock/gpt-mock }]
    timeouts: { headers_ms: 800, total_ms: 1200 }
    retry: { max_attempts_per_target: 1 }
  - name: ttft
    targets: [{ model: mock/gpt-mock }, { model: mock/claude-mock }]
    timeouts: { first_token_ms: 400 }
    retry: { max_attempts_per_target: 1 }
  - name: stall
    targets: [{ model: mock/gpt-mock }]
    timeouts: { idle_ms: 500 }
  - name: big-context
    targets: [{ model: mock/gpt-mock }, { model: mock/gpt-mock-large }]
  - name: canary
    strategy: weighted
    targets: [{ model: mock/gpt-mock, weight: 3 }, { model: mock/gemini-mock, weight: 1 }]
  - name: cheap
    strategy: cost
    targets: [{ model: mock/gpt-mock }, { model: mock/gpt-mock-cheap }]
  - name: cached
    targets: [{ model: mock/gpt-mock }]
    cache: { enabled: true, ttl_seconds: 60 }
defaults:
  circuit_breaker: { failure_threshold: 1000, cooldown_ms: 1500 }
  retry: { backoff_base_ms: 50, backoff_cap_ms: 200 }
`;

let t: TestGateway;
let client: OpenAI;
let configFile: string;
beforeAll(async () => {
  configFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sb-cfg-")), "switchboard.yaml");
  fs.writeFileSync(configFile, CONFIG);
  t = await startTestGateway({ SWITCHBOARD_CONFIG: configFile });
  client = t.client((await t.createKey()).key);
});
afterAll(() => t?.close());
beforeEach(() => t.mock.reset());

const chatCalls = () => t.mock.requests().filter((r) => /chat\/completions|messages|generateContent/.test(r.path));
const msg = (content: string) => [{ role: "user" as const, content }];

describe("retries, timeouts and failover", () => {
  it("honours Retry-After: a 429 with Retry-After: 2 gets its second attempt after ~2 s, not sooner", async () => {
    const res = await client.chat.completions.create({ model: "retrying", messages: msg("hi [[mock status=429 retry_after=2 times=1]]") }).withResponse();
    const calls = chatCalls();
    expect(calls).toHaveLength(2);
    const gap = calls[1]!.time - calls[0]!.time;
    expect(gap).toBeGreaterThanOrEqual(1900);
    expect(gap).toBeLessThan(3500);
    expect(res.response.headers.get("x-switchboard-attempts")).toBe("2");
  });

  it("a silent upstream ends within the route's deadline with a 504", async () => {
    const started = Date.now();
    const err = await client.chat.completions.create({ model: "deadline", messages: msg("[[mock fault=hang]]") }).catch((e: unknown) => e);
    const took = Date.now() - started;
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(504);
    expect(took).toBeGreaterThanOrEqual(700);
    expect(took).toBeLessThan(2500);
  });

  it("a first token that is too slow fails over to the next target, transparently", async () => {
    t.mock.addScenario({ model: "gpt-mock", responses: [{ ttftMs: 3000 }] });
    const started = Date.now();
    const stream = await client.chat.completions.create({ model: "ttft", stream: true, messages: msg("hello") });
    let text = "";
    let served = "";
    for await (const c of stream) {
      text += c.choices[0]?.delta.content ?? "";
      served = c.model;
    }
    expect(text).toContain("Mock reply");
    expect(served).toBe("mock/claude-mock");
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it("a stalled stream after content ends with an in-band error once the idle timeout passes", async () => {
    const started = Date.now();
    const stream = await client.chat.completions.create({ model: "stall", stream: true, messages: msg("[[mock fault=stall after=4 chunks=20]]") });
    await expect((async () => { for await (const _ of stream) { /* drain */ } })()).rejects.toBeInstanceOf(OpenAI.APIError);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("skips a malformed chunk without passing garbage on", async () => {
    const stream = await client.chat.completions.create({ model: "gpt-mock", stream: true, messages: msg("[[mock fault=malformed at=3 chunks=8]]") });
    const parts: string[] = [];
    for await (const c of stream) parts.push(c.choices[0]?.delta.content ?? "");
    expect(parts.join("").length).toBeGreaterThan(0);
  });

  it("finishes promptly when a complete answer arrives without the [DONE] terminator", async () => {
    // The mock sends finish_reason and usage, then closes without [DONE]: the answer is whole, so it succeeds.
    const started = Date.now();
    const stream = await client.chat.completions.create({ model: "gpt-mock", stream: true, stream_options: { include_usage: true }, messages: msg("[[mock fault=no_done chunks=5]]") });
    const chunks = [];
    for await (const c of stream) chunks.push(c);
    expect(chunks.some((c) => c.choices[0]?.finish_reason === "stop")).toBe(true);
    expect(chunks.at(-1)?.usage?.completion_tokens).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("routes a context-length failure to a larger-context target, never retrying the same model", async () => {
    t.mock.addScenario({ model: "gpt-mock", responses: [{ error: "context_length" }] });
    const res = await client.chat.completions.create({ model: "big-context", messages: msg("long prompt") });
    expect(res.model).toBe("mock/gpt-mock-large");
    expect(chatCalls().map((c) => (c.body as { model: string }).model)).toEqual(["gpt-mock", "gpt-mock-large"]);
  });

  it("returns the provider's reason for a context-length failure when no larger target exists", async () => {
    const err = await client.chat.completions.create({ model: "gpt-mock", messages: msg("[[mock error=context_length]]") }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).code).toBe("context_length_exceeded");
    expect(chatCalls()).toHaveLength(1);
  });
});

describe("circuit breakers", () => {
  it("skips a flapping primary while its circuit is open and uses it again after recovery", async () => {
    // Its own gateway, so other tests' failures don't count towards this circuit.
    const file = path.join(path.dirname(configFile), "breaker.yaml");
    fs.writeFileSync(file, CONFIG.replace("failure_threshold: 1000", "failure_threshold: 2"));
    const g = await startTestGateway({ SWITCHBOARD_CONFIG: file });
    try {
      const c = g.client((await g.createKey()).key);
      const calls = () => g.mock.requests().filter((r) => /chat\/completions|generateContent/.test(r.path));
      g.mock.addScenario({ model: "gpt-mock", responses: [{ status: 500 }, { status: 500 }] });
      for (let i = 0; i < 2; i++) {
        const r = await c.chat.completions.create({ model: "primary-then-gemini", messages: msg(`hi ${i}`) });
        expect(r.model).toBe("mock/gemini-mock");
      }
      g.mock.reset();
      const skipped = await c.chat.completions.create({ model: "primary-then-gemini", messages: msg("while open") });
      expect(skipped.model).toBe("mock/gemini-mock");
      expect(calls().some((r) => (r.body as { model?: string }).model === "gpt-mock")).toBe(false);
      await new Promise((r) => setTimeout(r, 1700));
      const recovered = await c.chat.completions.create({ model: "primary-then-gemini", messages: msg("after cooldown") });
      expect(recovered.model).toBe("mock/gpt-mock");
    } finally {
      await g.close();
    }
  });
});

describe("routing strategies and per-request choices", () => {
  it("weighted routing splits traffic by weight", async () => {
    const served: Record<string, number> = {};
    await Promise.all(Array.from({ length: 80 }, async (_, i) => {
      const r = await client.chat.completions.create({ model: "canary", messages: msg(`w${i}`) });
      served[r.model] = (served[r.model] ?? 0) + 1;
    }));
    expect(served["mock/gpt-mock"]).toBeGreaterThan(45);
    expect(served["mock/gpt-mock"]).toBeLessThan(75);
    expect(served["mock/gemini-mock"]).toBeGreaterThan(5);
  });

  it("cost routing picks the cheapest target", async () => {
    const r = await client.chat.completions.create({ model: "cheap", messages: msg("cheap please") });
    expect(r.model).toBe("mock/gpt-mock-cheap");
  });

  it("OpenRouter-style models: [...] tries in order", async () => {
    t.mock.addScenario({ model: "claude-mock", responses: [{ status: 503 }, { status: 503 }] });
    const r = await client.chat.completions.create({ model: "claude-mock", messages: msg("fallback list"), // @ts-expect-error OpenRouter extension
      models: ["claude-mock", "gemini-mock"] });
    expect(r.model).toBe("mock/gemini-mock");
  });

  it("a header pins one target (no fallback)", async () => {
    const r = await client.chat.completions.create({ model: "primary-then-gemini", messages: msg("pinned") }, { headers: { "x-switchboard-target": "mock/gemini-mock" } });
    expect(r.model).toBe("mock/gemini-mock");
  });

  it("provider preferences filter the candidates", async () => {
    // @ts-expect-error OpenRouter extension
    const r = await client.chat.completions.create({ model: "primary-then-gemini", messages: msg("prefs"), provider: { only: ["mock-gemini"] } });
    expect(r.model).toBe("mock/gemini-mock");
    // @ts-expect-error OpenRouter extension
    await expect(client.chat.completions.create({ model: "gpt-mock", messages: msg("x"), provider: { sort: "random" } })).rejects.toMatchObject({ status: 400, param: "provider.sort" });
  });
});

describe("response cache", () => {
  it("misses, then hits (free), replays as a stream, and no-store bypasses", async () => {
    const body = { model: "cached", messages: msg("cache me") };
    const first = await client.chat.completions.create(body).withResponse();
    expect(first.response.headers.get("x-switchboard-cache")).toBe("MISS");
    const second = await client.chat.completions.create(body).withResponse();
    expect(second.response.headers.get("x-switchboard-cache")).toBe("HIT");
    expect(second.response.headers.get("x-switchboard-cost-pico-usd")).toBe("0");
    expect(second.data.choices[0]?.message.content).toBe(first.data.choices[0]?.message.content);
    expect(second.data.usage).toEqual(first.data.usage);
    expect(chatCalls()).toHaveLength(1);

    const stream = await client.chat.completions.create({ ...body, stream: true });
    let text = "";
    for await (const c of stream) text += c.choices[0]?.delta.content ?? "";
    expect(text).toBe(first.data.choices[0]?.message.content);
    expect(chatCalls()).toHaveLength(1);

    const bypass = await client.chat.completions.create(body, { headers: { "cache-control": "no-store" } }).withResponse();
    expect(bypass.response.headers.get("x-switchboard-cache")).toBeNull();
    expect(chatCalls()).toHaveLength(2);
  });

  it("a request header turns caching on with a TTL for any model", async () => {
    const body = { model: "gpt-mock", messages: msg("header cache") };
    await client.chat.completions.create(body, { headers: { "x-switchboard-cache": "30" } });
    const hit = await client.chat.completions.create(body, { headers: { "x-switchboard-cache": "30" } }).withResponse();
    expect(hit.response.headers.get("x-switchboard-cache")).toBe("HIT");
    await expect(client.chat.completions.create(body, { headers: { "x-switchboard-cache": "forever" } })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });
});

describe("response cache, opted in per API key", () => {
  it("caches every request of a key that opted in", async () => {
    const k = await t.createKey();
    await t.prisma.apiKey.update({ where: { id: k.keyId }, data: { cacheTtlSeconds: 60 } });
    const c = t.client(k.key);
    const body = { model: "gpt-mock", messages: msg("key-level cache") };
    expect((await c.chat.completions.create(body).withResponse()).response.headers.get("x-switchboard-cache")).toBe("MISS");
    expect((await c.chat.completions.create(body).withResponse()).response.headers.get("x-switchboard-cache")).toBe("HIT");
    // Another key of another tenant never sees that entry.
    const other = await t.createKey();
    expect((await t.client(other.key).chat.completions.create(body, { headers: { "x-switchboard-cache": "60" } }).withResponse()).response.headers.get("x-switchboard-cache")).toBe("MISS");
  });
});

describe("configuration reload", () => {
  it("picks up a new route without a restart", async () => {
    await expect(client.chat.completions.create({ model: "brand-new", messages: msg("x") })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    fs.writeFileSync(configFile, `${CONFIG}\n  - name: brand-new\n    targets: [{ model: mock/claude-mock }]\n`.replace("\ndefaults:", "\n  - name: brand-new\n    targets: [{ model: mock/claude-mock }]\ndefaults:").replace(/\n {2}- name: brand-new\n {4}targets: \[\{ model: mock\/claude-mock \}\]\n$/, "\n"));
    const deadline = Date.now() + 5000;
    let served = "";
    while (Date.now() < deadline && !served) {
      served = await client.chat.completions.create({ model: "brand-new", messages: msg("x") }).then((r) => r.model, () => "");
      if (!served) await new Promise((r) => setTimeout(r, 100));
    }
    expect(served).toBe("mock/claude-mock");
    fs.writeFileSync(configFile, "routes: [ { name: broken, strategy: sideways, targets: [] } ]\n");
    await new Promise((r) => setTimeout(r, 800));
    // An invalid edit is rejected; the running config stays.
    expect((await client.chat.completions.create({ model: "brand-new", messages: msg("x") })).model).toBe("mock/claude-mock");
  });
});
