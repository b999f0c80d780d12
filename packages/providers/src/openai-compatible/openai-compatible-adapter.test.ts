import { ChatCompletionChunkSchema, ChatCompletionSchema, type ChatCompletionRequest, type StreamEvent, type UpstreamTarget } from "@switchboard/spec";
import { describe, expect, it } from "vitest";
import { assemble, chunksToSse, decodeInPieces, readCassette, readFixtureJson, readFixtureText } from "../__fixtures__/read-fixture.js";
import { buildOpenAICompatibleChatRequest, buildOpenAICompatibleEmbeddingsRequest } from "./build-openai-compatible-request.js";
import { parseOpenAICompatibleError } from "./openai-compatible-error.js";
import { createOpenAICompatibleStreamDecoder } from "./openai-compatible-stream-decoder.js";
import { parseOpenAICompatibleChatResponse } from "./parse-openai-compatible-response.js";

const target: UpstreamTarget = { baseUrl: "https://api.deepseek.com/v1/", apiKey: "sk-test", upstreamModel: "deepseek-reasoner" };
const opts = { id: "chatcmpl-gw", created: 1767225600, model: "client-model" };
const decode = (text: string, t: UpstreamTarget = target, sizes: number[] | "random" = [1 << 20], seed = 1): StreamEvent[] =>
  decodeInPieces(createOpenAICompatibleStreamDecoder(t, opts), text, sizes, seed);

describe("openai-compatible request", () => {
  it("passes the body through byte-for-byte except model, routing fields and stream usage", () => {
    const image = "data:image/png;base64," + "A".repeat(64) + "/+=";
    const req: ChatCompletionRequest = {
      model: "alias",
      models: ["a", "b"],
      route: "fallback",
      provider: { order: ["x"] },
      stream: true,
      vendor_extension: { keep: true },
      messages: [
        { role: "user", content: [{ type: "image_url", image_url: { url: image, detail: "low" } }] },
        { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: '{"a":1}' } }, { id: "c2", type: "function", function: { name: "g", arguments: "{}" } }] },
        { role: "tool", tool_call_id: "c1", content: "1" },
        { role: "tool", tool_call_id: "c2", content: "2" },
      ],
    };
    const out = buildOpenAICompatibleChatRequest(req, target);
    expect(out.url).toBe("https://api.deepseek.com/v1/chat/completions");
    expect(out.headers).toMatchObject({ authorization: "Bearer sk-test", accept: "text/event-stream" });
    const { models: _m, route: _r, provider: _p, ...rest } = req;
    expect(JSON.parse(out.body ?? "")).toEqual({ ...rest, model: "deepseek-reasoner", stream_options: { include_usage: true } });
    expect(out.body).toContain(image);
  });

  it("applies quirks: max_tokens rename and no stream_options", () => {
    const out = JSON.parse(
      buildOpenAICompatibleChatRequest(
        { model: "x", stream: true, stream_options: { include_usage: false }, max_completion_tokens: 9, messages: [{ role: "user", content: "hi" }] },
        { ...target, quirks: { renameMaxCompletionTokens: true, supportsStreamOptions: false } },
      ).body ?? "",
    ) as Record<string, unknown>;
    expect(out).toEqual({ model: "deepseek-reasoner", stream: true, max_tokens: 9, messages: [{ role: "user", content: "hi" }] });
  });

  it("builds embeddings requests with base64 passthrough", () => {
    const r = buildOpenAICompatibleEmbeddingsRequest({ model: "e", input: ["a"], encoding_format: "base64" }, { ...target, upstreamModel: "text-embedding-3-small" });
    expect(r.url).toBe("https://api.deepseek.com/v1/embeddings");
    expect(JSON.parse(r.body ?? "")).toEqual({ model: "text-embedding-3-small", input: ["a"], encoding_format: "base64" });
  });
});

describe("openai-compatible response", () => {
  it.each(["openai-text.json", "deepseek-text.json", "deepseek-reasoning.json", "deepseek-tool-call.json", "deepseek-json.json"])("parses %s", (name) => {
    const out = parseOpenAICompatibleChatResponse(readFixtureJson("openai-compatible", name), target);
    expect(ChatCompletionSchema.parse(out)).toEqual(out);
    expect(out).toMatchSnapshot();
  });

  it("maps DeepSeek cache hits and keeps parallel tool calls in order", () => {
    const tool = parseOpenAICompatibleChatResponse(readFixtureJson("openai-compatible", "deepseek-tool-call.json"), target);
    expect(tool.usage).toMatchObject({ prompt_tokens: 339, prompt_tokens_details: { cached_tokens: 320 }, completion_tokens_details: { reasoning_tokens: 48 } });
    const cassette = readCassette("openai-compatible", "test_deepseek_deferred_capability_with_thinking.yaml");
    const withCalls = cassette.interactions.map((i) => parseOpenAICompatibleChatResponse(i.response.parsed_body, target)).find((c) => (c.choices[0]?.message.tool_calls?.length ?? 0) > 1);
    expect(withCalls?.choices[0]?.message.tool_calls?.map((c) => c.function.name)).toEqual(["get_player_name", "roll_dice"]);
    expect(withCalls?.choices[0]?.message.reasoning_content).toBeTruthy();
  });

  it("maps the `reasoning` field when configured (vLLM / OpenRouter)", () => {
    const body = { id: "x", object: "chat.completion", created: 1, model: "m", choices: [{ index: 0, message: { role: "assistant", content: "a", reasoning: "why" }, finish_reason: "eos" }] };
    const out = parseOpenAICompatibleChatResponse(body, { ...target, quirks: { reasoningField: "reasoning" } });
    expect(out.choices[0]).toMatchObject({ message: { reasoning_content: "why" }, finish_reason: "stop" });
    expect(out.choices[0]?.message).not.toHaveProperty("reasoning");
  });
});

describe("openai-compatible stream", () => {
  const fixtures = ["openai-text.chunks.txt", "deepseek-text.chunks.txt", "deepseek-reasoning.chunks.txt", "deepseek-tool-call.chunks.txt"];
  it.each(fixtures)("decodes %s identically at every byte split", (name) => {
    const text = chunksToSse("openai-compatible", name);
    const whole = decode(text);
    for (const e of whole) if (e.type === "chunk") expect(ChatCompletionChunkSchema.parse(e.chunk)).toEqual(e.chunk);
    expect(decode(text, target, [1])).toEqual(whole);
    expect(decode(text, target, "random", 9)).toEqual(whole);
    const r = assemble(whole);
    expect(r).toMatchObject({ done: true, malformed: 0, errors: [] });
    const { content, reasoning, ...rest } = r;
    expect({ contentLength: content.length, reasoningLength: reasoning.length, ...rest }).toMatchSnapshot();
  });

  it("decodes the raw recorded OpenAI stream and stamps the gateway's id and model", () => {
    const raw = readCassette("openai-compatible", "test_run_stream_sync_streams_real_model.yaml").interactions[0]?.response.body?.string ?? "";
    const events = decode(raw, target, [3]);
    const first = events.find((e) => e.type === "chunk");
    expect(first?.type === "chunk" && first.chunk).toMatchObject({ id: "chatcmpl-gw", model: "client-model", created: 1767225600 });
    expect(assemble(events)).toMatchObject({ done: true, malformed: 0 });
  });

  it("emits no done when the stream is cut, flags junk, and reports in-band errors", () => {
    const text = chunksToSse("openai-compatible", "openai-text.chunks.txt");
    expect(assemble(decode(text.slice(0, text.indexOf("data: [DONE]")))).done).toBe(false);
    const r = assemble(decode('data: {"choices":"nope"}\n\ndata: oops\n\ndata: {"error":{"message":"upstream died","type":"server_error","code":502}}\n\n'));
    expect(r).toMatchObject({ malformed: 2, errors: ["502 upstream died"], done: false });
  });

  it("keeps the per-event cost low on a large stream", () => {
    const one = chunksToSse("openai-compatible", "deepseek-reasoning.chunks.txt").replace("data: [DONE]\n\n", "");
    const text = one.repeat(20) + "data: [DONE]\n\n";
    const started = performance.now();
    const events = decode(text, target, [512]);
    expect(events.filter((e) => e.type === "chunk").length).toBeGreaterThan(1000);
    // ~1.3 MB of SSE; a generous bound that only a regression to quadratic buffering would break.
    expect(performance.now() - started).toBeLessThan(1500);
  });
});

describe("openai-compatible errors", () => {
  it("parses the recorded error and classifies variants", () => {
    const e = parseOpenAICompatibleError(400, {}, readFixtureText("openai-compatible", "reasoning-model-legacy-parameter-error.json"));
    expect(e).toMatchObject({ status: 400, type: "invalid_request_error", param: "max_tokens", isRetryable: false });
    expect(parseOpenAICompatibleError(429, { "retry-after-ms": "250" }, '{"error":{"message":"slow down","type":"tokens","code":"rate_limit_exceeded"}}')).toMatchObject({ kind: "rate_limit", retryAfterMs: 250, isRetryable: true });
    expect(parseOpenAICompatibleError(400, {}, '{"error":{"message":"This model\'s maximum context length is 8192 tokens","code":"context_length_exceeded"}}').kind).toBe("context_length_exceeded");
    expect(parseOpenAICompatibleError(500, {}, '{"detail":"boom"}')).toMatchObject({ message: "boom", isRetryable: true, kind: "server" });
    expect(parseOpenAICompatibleError(401, {}, "")).toMatchObject({ kind: "auth", type: "authentication_error" });
  });
});
