import type { ChatCompletion, ChatCompletionChunk, StreamDecoder, UpstreamTarget } from "@switchboard/spec";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { chunksToSse, decodeInPieces, readFixtureJson, readFixtureText, type FixtureProvider } from "../__fixtures__/read-fixture.js";
import { getAdapter } from "../registry.js";

// The relevant slice of OpenAI's published OpenAPI document (see __fixtures__/openai-openapi).
const doc = JSON.parse(readFixtureText("openai-openapi" as FixtureProvider, "chat-completion-schemas.json")) as { components: { schemas: Record<string, unknown> } };
// OpenAI's 3.1 document still uses the 3.0 `nullable` flag; rewrite it as JSON Schema's null type.
function denullable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(denullable);
  if (typeof v !== "object" || v === null) return v;
  const { nullable, ...rest } = v as Record<string, unknown>;
  const out = Object.fromEntries(Object.entries(rest).map(([k, x]) => [k, denullable(x)]));
  if (nullable !== true) return out;
  if (typeof out.type === "string") return { ...out, type: [out.type, "null"], ...(Array.isArray(out.enum) ? { enum: [...(out.enum as unknown[]), null] } : {}) };
  return { anyOf: [out, { type: "null" }] };
}
// `x-*` annotations are unknown keywords to JSON Schema, hence not strict.
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addFormat("uri", true).addFormat("unixtime", true);
ajv.addSchema({ $id: "openapi.json", components: denullable(doc.components) });
const validateResponse = ajv.getSchema("openapi.json#/components/schemas/CreateChatCompletionResponse");
const validateChunk = ajv.getSchema("openapi.json#/components/schemas/CreateChatCompletionStreamResponse");

const target = (kind: string): UpstreamTarget => ({ baseUrl: "http://x", apiKey: "k", upstreamModel: kind === "gemini" ? "gemini-2.5-flash" : "m" });
const opts = { id: "chatcmpl-schema", created: 1767225600, model: "m" };

const jsonFixtures: Array<[string, FixtureProvider, string]> = [
  ["openai-compatible", "openai-compatible", "openai-text.json"],
  ["openai-compatible", "openai-compatible", "deepseek-tool-call.json"],
  ["anthropic", "anthropic", "anthropic-text.json"],
  ["anthropic", "anthropic", "anthropic-json-other-tool.1.json"],
  ["anthropic", "anthropic", "anthropic-clear-thinking.1.json"],
  ["gemini", "gemini", "google-text.json"],
  ["gemini", "gemini", "google-tool-call.json"],
  ["gemini", "gemini", "unary-success-implicit-caching.json"],
];

const streamFixtures: Array<[string, string]> = [
  ["openai-compatible", chunksToSse("openai-compatible", "deepseek-tool-call.chunks.txt")],
  ["anthropic", chunksToSse("anthropic", "anthropic-json-other-tool.1.chunks.txt")],
  ["anthropic", chunksToSse("anthropic", "anthropic-clear-thinking.1.chunks.txt")],
  ["gemini", chunksToSse("gemini", "google-tool-call.chunks.txt")],
  ["gemini", readFixtureText("gemini", "streaming-success-thinking-reply-thought-summary.txt")],
];

describe("canonical output validates against OpenAI's OpenAPI schemas", () => {
  it("compiled the schemas", () => {
    expect(validateResponse).toBeTypeOf("function");
    expect(validateChunk).toBeTypeOf("function");
  });

  it.each(jsonFixtures)("%s response from %s/%s", (kind, provider, name) => {
    const out: ChatCompletion = getAdapter(kind).parseChatResponse(readFixtureJson(provider, name), target(kind));
    const ok = validateResponse?.(out);
    expect(validateResponse?.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it.each(streamFixtures)("%s stream chunks", (kind, body) => {
    const decoder: StreamDecoder = getAdapter(kind).createChatStreamDecoder(target(kind), opts);
    const chunks: ChatCompletionChunk[] = [];
    for (const e of decodeInPieces(decoder, body, [64])) if (e.type === "chunk") chunks.push(e.chunk);
    expect(chunks.length).toBeGreaterThan(0);
    for (const c of chunks) {
      validateChunk?.(c);
      expect(validateChunk?.errors ?? []).toEqual([]);
    }
  });
});
