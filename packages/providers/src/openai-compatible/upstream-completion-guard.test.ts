import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UpstreamChatCompletionSchema, UpstreamChunkSchema } from "./openai-compatible-schemas.js";
import { isPlainUpstreamChunk, isPlainUpstreamCompletion } from "./upstream-completion-guard.js";

const valid = {
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1_700_000_000,
  model: "gpt-4o-mini",
  choices: [
    {
      index: 0,
      message: { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "f", arguments: "{}" } }] },
      finish_reason: "tool_calls",
    },
  ],
  usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } },
};

/** Every path to a value inside the body, so one can be replaced. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof v !== "object" || v === null) return [at];
  const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return [at, ...keys.flatMap((k) => paths((v as Record<string | number, unknown>)[k], [...at, k]))];
}

function replaced(path: (string | number)[], value: unknown, base: unknown = valid): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  if (path.length === 0) return value;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path.at(-1)!] = value;
  return copy;
}

describe("isPlainUpstreamCompletion (the fast path in front of the zod schema)", () => {
  it("accepts the common answer shapes", () => {
    expect(isPlainUpstreamCompletion(valid)).toBe(true);
    expect(isPlainUpstreamCompletion({ ...valid, usage: null, choices: [{ index: 0, message: { content: "hi" }, finish_reason: "stop" }] })).toBe(true);
  });

  it("never accepts what the schema rejects, whatever value replaces whatever field", () => {
    const all = paths(valid);
    fc.assert(
      fc.property(fc.constantFrom(...all), fc.oneof(fc.anything(), fc.constantFrom(-1, 1.5, "x", null, [], {}, undefined)), (path, value) => {
        const body = replaced(path, value);
        if (isPlainUpstreamCompletion(body)) expect(UpstreamChatCompletionSchema.safeParse(body).success).toBe(true);
      }),
      { numRuns: 3_000 },
    );
  });

  it("leaves bodies with logprobs to the schema", () => {
    expect(isPlainUpstreamCompletion({ ...valid, choices: [{ ...valid.choices[0], logprobs: { content: [] } }] })).toBe(false);
  });
});

const validChunk = {
  id: "chatcmpl-1",
  object: "chat.completion.chunk",
  system_fingerprint: "fp",
  choices: [
    { index: 0, delta: { role: "assistant", content: "hi", tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "f", arguments: "{" } }] }, finish_reason: null },
  ],
  usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7, prompt_tokens_details: { cached_tokens: 1 }, completion_tokens_details: { reasoning_tokens: 0 } },
};

describe("isPlainUpstreamChunk (the fast path in front of the chunk schema)", () => {
  it("accepts the common chunk shapes", () => {
    expect(isPlainUpstreamChunk(validChunk)).toBe(true);
    expect(isPlainUpstreamChunk({ id: "x", choices: [{ index: 0, delta: { content: "a" }, finish_reason: null }] })).toBe(true);
    expect(isPlainUpstreamChunk({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } })).toBe(true);
  });

  it("leaves in-band errors and logprobs to the schema", () => {
    expect(isPlainUpstreamChunk({ error: { message: "boom" } })).toBe(false);
    expect(isPlainUpstreamChunk({ choices: [{ index: 0, delta: {}, logprobs: { content: [] } }] })).toBe(false);
  });

  it("never accepts what the schema rejects, whatever value replaces whatever field", () => {
    const all = paths(validChunk);
    fc.assert(
      fc.property(fc.constantFrom(...all), fc.oneof(fc.anything(), fc.constantFrom(-1, 1.5, 2 ** 53, "x", null, [], {}, undefined)), (path, value) => {
        const body = replaced(path, value, validChunk);
        if (isPlainUpstreamChunk(body)) expect(UpstreamChunkSchema.safeParse(body).success).toBe(true);
      }),
      { numRuns: 3_000 },
    );
  });
});
