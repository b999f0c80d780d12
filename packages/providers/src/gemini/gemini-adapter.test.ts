import { ChatCompletionChunkSchema, ChatCompletionSchema, type ChatCompletionRequest, type StreamEvent, type UpstreamTarget } from "@switchboard/spec";
import { describe, expect, it } from "vitest";
import { assemble, chunksToSse, decodeInPieces, readCassette, readFixtureJson, readFixtureText } from "../__fixtures__/read-fixture.js";
import { buildGeminiChatRequest } from "./build-gemini-request.js";
import { buildGeminiEmbeddingsRequest, parseGeminiEmbeddingsResponse } from "./gemini-embeddings.js";
import { parseGeminiError } from "./gemini-error.js";
import { createGeminiStreamDecoder } from "./gemini-stream-decoder.js";
import { parseGeminiChatResponse } from "./parse-gemini-response.js";

const target: UpstreamTarget = { baseUrl: "https://generativelanguage.googleapis.com", apiKey: "g-key", upstreamModel: "gemini-2.5-flash" };
const NOW = Date.UTC(2026, 0, 1);
const opts = { id: "chatcmpl-g", created: 1767225600, model: "gemini" };
const body = (req: ChatCompletionRequest, t: UpstreamTarget = target): Record<string, unknown> =>
  JSON.parse(buildGeminiChatRequest(req, t).body ?? "{}") as Record<string, unknown>;
const decode = (text: string, sizes: number[] | "random" = [1 << 20], seed = 1): StreamEvent[] =>
  decodeInPieces(createGeminiStreamDecoder(opts), text, sizes, seed);

describe("gemini request", () => {
  it("translates roles, images, tools and structured output", () => {
    const req = buildGeminiChatRequest(
      {
        model: "x",
        stream: true,
        temperature: 0.3,
        max_completion_tokens: 100,
        stop: ["END"],
        tool_choice: { type: "function", function: { name: "weather" } },
        tools: [
          {
            type: "function",
            function: {
              name: "weather",
              description: "w",
              strict: true,
              parameters: { $schema: "http://json-schema.org/draft-07/schema#", type: "object", additionalProperties: false, properties: { city: { type: ["string", "null"] }, unit: { const: "c" } }, required: ["city"] },
            },
          },
        ],
        response_format: { type: "json_schema", json_schema: { name: "r", schema: { type: "object", additionalProperties: false } } },
        messages: [
          { role: "system", content: "sys" },
          { role: "user", content: [{ type: "text", text: "look" }, { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } }, { type: "image_url", image_url: { url: "https://x.test/a.jpg?s=1" } }] },
          { role: "assistant", content: null, tool_calls: [{ id: "call_1__thought__SIG", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } }, { id: "call_2", type: "function", function: { name: "weather", arguments: '{"city":"Rome"}' } }] },
          { role: "tool", tool_call_id: "call_1__thought__SIG", content: '{"temp":20}' },
          { role: "tool", tool_call_id: "call_2", content: "sunny" },
        ],
      },
      target,
    );
    expect(req.url).toBe("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    expect(req.headers["x-goog-api-key"]).toBe("g-key");
    expect(JSON.parse(req.body ?? "")).toMatchSnapshot();
  });

  it("maps reasoning_effort per the shared table (level for Gemini 3, budget for 2.5)", () => {
    const base: ChatCompletionRequest = { model: "x", messages: [{ role: "user", content: "hi" }] };
    const cfg = (model: string, effort: ChatCompletionRequest["reasoning_effort"]) =>
      (body({ ...base, reasoning_effort: effort }, { ...target, upstreamModel: model }).generationConfig as { thinkingConfig?: unknown } | undefined)?.thinkingConfig;
    expect(cfg("gemini-3.1-pro-preview", "minimal")).toEqual({ thinkingLevel: "low", includeThoughts: true });
    expect(cfg("gemini-3-flash-preview", "minimal")).toEqual({ thinkingLevel: "minimal", includeThoughts: true });
    expect(cfg("gemini-3.1-flash-lite", "medium")).toEqual({ thinkingLevel: "medium", includeThoughts: true });
    expect(cfg("gemini-3.1-pro-preview", "high")).toEqual({ thinkingLevel: "high", includeThoughts: true });
    expect(cfg("gemini-2.5-flash", "minimal")).toEqual({ thinkingBudget: 1024, includeThoughts: true });
    expect(cfg("gemini-2.5-flash", "low")).toEqual({ thinkingBudget: 1024, includeThoughts: true });
    expect(cfg("gemini-2.5-pro", "medium")).toEqual({ thinkingBudget: 8192, includeThoughts: true });
    expect(cfg("gemini-2.5-flash", "high")).toEqual({ thinkingBudget: 24576, includeThoughts: true });
    expect(cfg("gemini-2.5-flash", "none")).toEqual({ thinkingBudget: 0 });
    expect(cfg("gemini-2.5-flash", undefined)).toBeUndefined();
  });

  it("adds the skip-validation signature only for Gemini 3 replays without one", () => {
    const req: ChatCompletionRequest = { model: "x", messages: [{ role: "user", content: "q" }, { role: "assistant", tool_calls: [{ id: "call_x", type: "function", function: { name: "f", arguments: "{}" } }] }, { role: "tool", tool_call_id: "call_x", content: "1" }] };
    const g3 = body(req, { ...target, upstreamModel: "gemini-3-flash-preview" }).contents as Array<{ parts: Array<Record<string, unknown>> }>;
    expect(g3[1]?.parts[0]).toEqual({ functionCall: { name: "f", args: {} }, thoughtSignature: "skip_thought_signature_validator" });
    expect(g3[2]?.parts[0]).toEqual({ functionResponse: { name: "f", response: { result: "1" } } });
    const g25 = body(req).contents as Array<{ parts: Array<Record<string, unknown>> }>;
    expect(g25[1]?.parts[0]).toEqual({ functionCall: { name: "f", args: {} } });
  });
});

describe("gemini response", () => {
  it.each(["google-text.json", "google-tool-call.json", "unary-success-thinking-reply-thought-summary.json", "unary-success-implicit-caching.json", "unary-failure-finish-reason-safety.json", "unary-success-constraint-decoding-json.json"])(
    "translates %s",
    (name) => {
      const out = parseGeminiChatResponse(readFixtureJson("gemini", name), "gemini-x", NOW);
      expect(ChatCompletionSchema.parse(out)).toEqual(out);
      // Bodies without a responseId get a random id; everything else is deterministic.
      expect(out).toMatchSnapshot({ id: expect.any(String) });
    },
  );

  it("maps usage: thoughts added to completion, cached tokens reported", () => {
    const out = parseGeminiChatResponse(readFixtureJson("gemini", "unary-success-implicit-caching.json"), "m", NOW);
    expect(out.usage?.prompt_tokens_details?.cached_tokens).toBe(11243);
    expect(out.usage?.completion_tokens_details?.reasoning_tokens).toBe(73);
    const tool = parseGeminiChatResponse(readFixtureJson("gemini", "google-tool-call.json"), "m", NOW);
    expect(tool.usage).toMatchObject({ prompt_tokens: 29, completion_tokens: 15 + 893, total_tokens: 937 });
    expect(tool.choices[0]?.finish_reason).toBe("tool_calls");
    expect(parseGeminiChatResponse(readFixtureJson("gemini", "unary-failure-finish-reason-safety.json"), "m", NOW).choices[0]?.finish_reason).toBe("content_filter");
  });

  it("keeps three parallel function calls separate, ordered and uniquely identified", () => {
    const b = readCassette("gemini", "test_google_instructions_only_with_tool_calls.yaml").interactions[0]?.response.parsed_body;
    const calls = parseGeminiChatResponse(b, "m", NOW).choices[0]?.message.tool_calls ?? [];
    expect(calls.map((c) => c.function.name)).toEqual(["generate_topic", "generate_topic", "generate_topic"]);
    expect(new Set(calls.map((c) => c.id)).size).toBe(3);
    // Only the first call carried a thoughtSignature; it rides inside the id for the round trip.
    expect(calls[0]?.id).toContain("__thought__Es8FCswF");
    expect(calls[1]?.id).not.toContain("__thought__");
  });

  it("maps a blocked prompt to content_filter", () => {
    const out = parseGeminiChatResponse({ promptFeedback: { blockReason: "SAFETY" } }, "m", NOW);
    expect(out.choices[0]).toMatchObject({ finish_reason: "content_filter", message: { content: null } });
  });
});

describe("gemini stream", () => {
  const cases: Array<[string, string]> = [
    ["google-text.chunks.txt", chunksToSse("gemini", "google-text.chunks.txt")],
    ["google-tool-call.chunks.txt", chunksToSse("gemini", "google-tool-call.chunks.txt")],
    ["streaming-success-thinking-reply-thought-summary.txt", readFixtureText("gemini", "streaming-success-thinking-reply-thought-summary.txt")],
  ];
  it.each(cases)("decodes %s identically at every byte split", (_name, text) => {
    const whole = decode(text);
    for (const e of whole) if (e.type === "chunk") expect(ChatCompletionChunkSchema.parse(e.chunk)).toEqual(e.chunk);
    expect(decode(text, [1])).toEqual(whole);
    for (const seed of [4, 5]) expect(decode(text, "random", seed)).toEqual(whole);
    const r = assemble(whole);
    expect(r.done).toBe(true);
    expect(r.malformed).toBe(0);
    expect(r).toMatchSnapshot();
  });

  it("streams thought parts as reasoning and ends only on finishReason", () => {
    const text = readFixtureText("gemini", "streaming-success-thinking-reply-thought-summary.txt");
    const r = assemble(decode(text));
    expect(r.reasoning).toContain("Exploring Sky Color");
    expect(r.content.length).toBeGreaterThan(0);
    expect(r.finishReason).toBe("stop");
    // Cut before the final event: no done, so the gateway can tell the answer was truncated.
    const cut = text.slice(0, text.lastIndexOf("data:"));
    expect(assemble(decode(cut)).done).toBe(false);
  });

  it("surfaces an in-band error body", () => {
    const r = assemble(decode('data: {"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}\r\n\r\n'));
    expect(r.errors).toEqual(["503 The model is overloaded."]);
  });
});

describe("gemini errors and embeddings", () => {
  it("reads RetryInfo.retryDelay from the recorded 429", () => {
    const err = parseGeminiError(429, {}, readFixtureText("gemini", "google-429-retry-info.json"));
    expect(err).toMatchObject({ status: 429, kind: "rate_limit", code: "RESOURCE_EXHAUSTED", retryAfterMs: 34_400, isRetryable: true, provider: "gemini" });
    expect(parseGeminiError(400, {}, '{"error":{"code":400,"message":"The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).","status":"INVALID_ARGUMENT"}}')).toMatchObject({ kind: "context_length_exceeded", isRetryable: false });
  });

  it("builds batchEmbedContents and encodes base64 when asked", () => {
    const req = buildGeminiEmbeddingsRequest({ model: "e", input: ["a", "b"], dimensions: 8 }, { ...target, upstreamModel: "gemini-embedding-001" });
    expect(req.url).toBe("https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents");
    expect(JSON.parse(req.body ?? "")).toEqual({
      requests: [
        { model: "models/gemini-embedding-001", content: { parts: [{ text: "a" }] }, outputDimensionality: 8 },
        { model: "models/gemini-embedding-001", content: { parts: [{ text: "b" }] }, outputDimensionality: 8 },
      ],
    });
    const b64 = parseGeminiEmbeddingsResponse({ embeddings: [{ values: [1, -2.5] }] }, "e", "base64");
    const buf = Buffer.from(String(b64.data[0]?.embedding), "base64");
    expect([buf.readFloatLE(0), buf.readFloatLE(4)]).toEqual([1, -2.5]);
    expect(() => buildGeminiEmbeddingsRequest({ model: "e", input: [1, 2] }, target)).toThrowError(expect.objectContaining({ status: 400 }));
  });
});
