import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockProvider, type MockProvider } from "../index.js";
import { arr, obj, OPENAI_HEADERS, postJson, sseData, sseEvents } from "../test-support/http.js";

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(() => mock.close());

const chat = (body: unknown, headers: Record<string, string> = OPENAI_HEADERS) => postJson(`${mock.url}/v1/chat/completions`, body, headers);
const user = (content: string) => [{ role: "user", content }];

const WEATHER_TOOL = {
  type: "function",
  function: {
    name: "get_weather",
    parameters: {
      type: "object",
      properties: { location: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] }, note: { type: "string" } },
      required: ["location", "unit"],
    },
  },
};

describe("chat completions", () => {
  it("answers a real-shaped non-stream completion with consistent usage", async () => {
    const res = await chat({ model: "gpt-4o-mini", messages: user("Hello there, how are you?") });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    const body = obj(await res.json());
    expect(body.id).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/);
    expect(body.object).toBe("chat.completion");
    expect(body.model).toBe("gpt-4o-mini");
    const choice = obj(arr(body.choices)[0]);
    const message = obj(choice.message);
    expect(message.role).toBe("assistant");
    expect(message.content).toMatch(/^Mock reply to: Hello there, how are you\?/);
    expect(String(message.content).split(" ").length).toBe(20);
    expect(choice.finish_reason).toBe("stop");
    expect(body.usage).toEqual({
      prompt_tokens: Math.ceil("Hello there, how are you?".length / 4),
      completion_tokens: 20,
      total_tokens: Math.ceil("Hello there, how are you?".length / 4) + 20,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    });
  });

  it("is deterministic: the same request gives the same content and usage, with fresh ids", async () => {
    const req = { model: "m", messages: user("determinism please") };
    const a = obj(await (await chat(req)).json());
    const b = obj(await (await chat(req)).json());
    expect(a.choices).toEqual(b.choices);
    expect(a.usage).toEqual(b.usage);
    expect(a.id).not.toBe(b.id);
  });

  it("streams data: chunks then data: [DONE], with a final usage chunk when include_usage", async () => {
    const res = await chat({ model: "m", stream: true, stream_options: { include_usage: true }, messages: user("stream me [[mock tokens=6]]") });
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const raw = await res.text();
    expect(raw.endsWith("data: [DONE]\n\n")).toBe(true);
    for (const event of sseEvents(raw)) expect(event.startsWith("data: ")).toBe(true);
    const data = sseData(raw);
    expect(data.at(-1)).toBe("[DONE]");
    const chunks = data.slice(0, -1).map(obj);
    expect(obj(obj(arr(chunks[0]?.choices)[0]).delta).role).toBe("assistant");
    const text = chunks.flatMap((c) => arr(c.choices).map((ch) => obj(obj(ch).delta).content ?? "")).join("");
    const same = obj(await (await chat({ model: "m", messages: user("stream me [[mock tokens=6]]") })).json());
    expect(text).toBe(obj(obj(arr(same.choices)[0]).message).content);
    expect(text.split(" ")).toHaveLength(6);
    expect(text.startsWith("Mock reply to: stream me")).toBe(true);
    const usageChunk = chunks.at(-1) as Record<string, unknown>;
    expect(usageChunk.choices).toEqual([]);
    expect(obj(usageChunk.usage).completion_tokens).toBe(6);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    const finish = chunks.at(-2) as Record<string, unknown>;
    expect(obj(arr(finish.choices)[0]).finish_reason).toBe("stop");
  });

  it("omits usage fields entirely without include_usage", async () => {
    const raw = await (await chat({ model: "m", stream: true, messages: user("x") })).text();
    const chunks = sseData(raw).slice(0, -1).map(obj);
    expect(chunks.every((c) => !("usage" in c))).toBe(true);
  });

  it("splits a stream into the requested number of content chunks", async () => {
    const raw = await (await chat({ model: "m", stream: true, messages: user("x [[mock chunks=5 tokens=12]]") })).text();
    const contents = sseData(raw)
      .slice(0, -1)
      .map(obj)
      .map((c) => obj(obj(arr(c.choices)[0]).delta).content)
      .filter((c) => typeof c === "string" && c.length > 0);
    expect(contents).toHaveLength(5);
  });

  it("calls the first tool with schema-valid arguments, N in parallel with unique ids", async () => {
    const body = obj(await (await chat({ model: "m", messages: user("weather? [[mock tools=3]]"), tools: [WEATHER_TOOL] })).json());
    const choice = obj(arr(body.choices)[0]);
    expect(choice.finish_reason).toBe("tool_calls");
    const message = obj(choice.message);
    expect(message.content).toBeNull();
    const calls = arr(message.tool_calls).map(obj);
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.id)).size).toBe(3);
    for (const call of calls) {
      expect(call.id).toMatch(/^call_/);
      const fn = obj(call.function);
      expect(fn.name).toBe("get_weather");
      expect(JSON.parse(String(fn.arguments))).toEqual({ location: "mock", unit: "celsius" });
    }
  });

  it("answers in text after a tool result, and never calls tools with tool_choice none", async () => {
    const afterTool = obj(
      await (
        await chat({
          model: "m",
          tools: [WEATHER_TOOL],
          messages: [...user("weather?"), { role: "assistant", tool_calls: [] }, { role: "tool", tool_call_id: "call_1", content: "sunny" }],
        })
      ).json(),
    );
    expect(obj(arr(afterTool.choices)[0]).finish_reason).toBe("stop");
    const none = obj(await (await chat({ model: "m", tools: [WEATHER_TOOL], tool_choice: "none", messages: user("hi") })).json());
    expect(obj(obj(arr(none.choices)[0]).message).tool_calls).toBeUndefined();
  });

  it("streams tool-call arguments in several fragments that reassemble to valid JSON", async () => {
    const raw = await (await chat({ model: "m", stream: true, messages: user("w [[mock tools=2]]"), tools: [WEATHER_TOOL] })).text();
    const deltas = sseData(raw).slice(0, -1).map(obj).map((c) => obj(obj(arr(c.choices)[0]).delta));
    const fragments = new Map<number, string[]>();
    const ids: string[] = [];
    for (const d of deltas) {
      for (const tc of (d.tool_calls as unknown[] | undefined) ?? []) {
        const call = obj(tc);
        if (typeof call.id === "string") ids.push(call.id);
        const list = fragments.get(Number(call.index)) ?? [];
        list.push(String(obj(call.function).arguments));
        fragments.set(Number(call.index), list);
      }
    }
    expect(ids).toHaveLength(2);
    expect([...fragments.keys()]).toEqual([0, 1]);
    for (const list of fragments.values()) {
      expect(list.filter((f) => f.length > 0).length).toBeGreaterThan(2);
      expect(JSON.parse(list.join(""))).toEqual({ location: "mock", unit: "celsius" });
    }
  });

  it("replies with a JSON document valid against a json_schema response_format", async () => {
    const schema = {
      type: "object",
      properties: { name: { type: "string", minLength: 6 }, tags: { type: "array", items: { type: "string" }, minItems: 2 }, kind: { enum: ["a", "b"] }, n: { type: "integer", minimum: 3 } },
      required: ["name", "tags", "kind", "n"],
    };
    const body = obj(await (await chat({ model: "m", messages: user("json"), response_format: { type: "json_schema", json_schema: { name: "x", schema } } })).json());
    const content = String(obj(obj(arr(body.choices)[0]).message).content);
    expect(JSON.parse(content)).toEqual({ name: "mockxx", tags: ["mock", "mock"], kind: "a", n: 3 });
    const jsonObject = obj(await (await chat({ model: "m", messages: user("json"), response_format: { type: "json_object" } })).json());
    expect(() => JSON.parse(String(obj(obj(arr(jsonObject.choices)[0]).message).content))).not.toThrow();
  });

  it("cuts at max_completion_tokens with finish_reason length, reasoning counted in the budget", async () => {
    const body = obj(await (await chat({ model: "m", reasoning_effort: "low", max_completion_tokens: 10, messages: user("long") })).json());
    expect(obj(arr(body.choices)[0]).finish_reason).toBe("length");
    const usage = obj(body.usage);
    expect(usage.completion_tokens).toBe(10);
    expect(obj(usage.completion_tokens_details).reasoning_tokens).toBe(8);
    expect(String(obj(obj(arr(body.choices)[0]).message).content).split(" ")).toHaveLength(2);
  });

  it("reports cached and reasoning tokens from a directive", async () => {
    const body = obj(await (await chat({ model: "m", messages: user("usage [[mock cached=100 reasoning=20]]") })).json());
    const usage = obj(body.usage);
    expect(obj(usage.prompt_tokens_details).cached_tokens).toBe(100);
    expect(usage.prompt_tokens).toBe(100);
    expect(obj(usage.completion_tokens_details).reasoning_tokens).toBe(20);
    expect(usage.completion_tokens).toBe(40);
  });

  it("returns n choices, logprobs and echoes the seed into system_fingerprint", async () => {
    const body = obj(await (await chat({ model: "m", n: 3, seed: 42, logprobs: true, top_logprobs: 2, messages: user("many") })).json());
    const choices = arr(body.choices).map(obj);
    expect(choices.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(body.system_fingerprint).toBe("fp_mock_42");
    expect(obj(body.usage).completion_tokens).toBe(60);
    const content = arr(obj(choices[0]?.logprobs).content).map(obj);
    expect(content).toHaveLength(20);
    expect(content[0]?.token).toBe("Mock");
    expect(arr(content[0]?.top_logprobs)).toHaveLength(2);
    expect(Number(content[0]?.logprob)).toBeLessThanOrEqual(0);
  });

  it("rejects a missing key with OpenAI's 401 envelope and a bad body with 400 + param", async () => {
    const noKey = await chat({ model: "m", messages: user("x") }, { "content-type": "application/json" });
    expect(noKey.status).toBe(401);
    const err = obj(obj(await noKey.json()).error);
    expect(Object.keys(err).sort()).toEqual(["code", "message", "param", "type"]);
    const noMessages = await chat({ model: "m" });
    expect(noMessages.status).toBe(400);
    expect(obj(obj(await noMessages.json()).error).param).toBe("messages");
  });

  it("answers the real context_length_exceeded error", async () => {
    const res = await chat({ model: "m", messages: user("big [[mock error=context_length]]") });
    expect(res.status).toBe(400);
    const err = obj(obj(await res.json()).error);
    expect(err.code).toBe("context_length_exceeded");
    expect(err.type).toBe("invalid_request_error");
  });

  it("finishes with content_filter and partial content", async () => {
    const body = obj(await (await chat({ model: "m", messages: user("bad [[mock error=content_filter]]") })).json());
    const choice = obj(arr(body.choices)[0]);
    expect(choice.finish_reason).toBe("content_filter");
    expect(String(obj(choice.message).content).split(" ")).toHaveLength(10);
  });
});

describe("legacy completions, embeddings, models", () => {
  it("completes a prompt with the legacy shape and default max_tokens 16", async () => {
    const body = obj(await (await postJson(`${mock.url}/v1/completions`, { model: "gpt-3.5-turbo-instruct", prompt: "Once upon" }, OPENAI_HEADERS)).json());
    expect(body.object).toBe("text_completion");
    expect(body.id).toMatch(/^cmpl-/);
    const choice = obj(arr(body.choices)[0]);
    expect(choice.finish_reason).toBe("length");
    expect(String(choice.text).split(" ")).toHaveLength(16);
    expect(obj(body.usage).completion_tokens).toBe(16);
  });

  it("streams legacy completions ending in [DONE]", async () => {
    const raw = await (await postJson(`${mock.url}/v1/completions`, { model: "i", prompt: "p", max_tokens: 3, stream: true }, OPENAI_HEADERS)).text();
    const data = sseData(raw);
    expect(data.at(-1)).toBe("[DONE]");
    const text = data.slice(0, -1).map((c) => obj(arr(obj(c).choices)[0]).text).join("");
    expect(text).toBe("Mock reply to:");
  });

  it("returns deterministic unit vectors as floats or little-endian float32 base64", async () => {
    const url = `${mock.url}/v1/embeddings`;
    const floats = obj(await (await postJson(url, { model: "text-embedding-3-small", input: ["a", "b"], dimensions: 8 }, OPENAI_HEADERS)).json());
    const data = arr(floats.data).map(obj);
    expect(data).toHaveLength(2);
    const v0 = arr(data[0]?.embedding) as number[];
    expect(v0).toHaveLength(8);
    expect(Math.hypot(...v0)).toBeCloseTo(1, 5);
    expect(v0).not.toEqual(data[1]?.embedding);
    const b64 = obj(await (await postJson(url, { model: "text-embedding-3-small", input: "a", dimensions: 8, encoding_format: "base64" }, OPENAI_HEADERS)).json());
    const buf = Buffer.from(String(obj(arr(b64.data)[0]).embedding), "base64");
    expect(buf.length).toBe(32);
    const decoded = Array.from({ length: 8 }, (_, i) => buf.readFloatLE(i * 4));
    expect(decoded).toEqual(v0);
    const full = obj(await (await postJson(url, { model: "text-embedding-3-large", input: "a" }, OPENAI_HEADERS)).json());
    expect(arr(obj(arr(full.data)[0]).embedding)).toHaveLength(3072);
  });

  it("lists models", async () => {
    const res = await fetch(`${mock.url}/v1/models`, { headers: OPENAI_HEADERS });
    const body = obj(await res.json());
    expect(body.object).toBe("list");
    expect(arr(body.data).map((m) => obj(m).id)).toContain("mock-gpt");
  });
});
