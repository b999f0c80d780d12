import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ChatCompletionRequestSchema } from "../chat/chat-request.js";
import { parseChatCompletionRequest } from "./parse-request.js";
import { isPlainChatRequest } from "./plain-chat-request.js";

const valid = {
  model: "gpt-4o-mini",
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: "Hi", name: "ann" },
  ],
  stream: true,
  stream_options: { include_usage: true },
  temperature: 0.7,
  top_p: 1,
  n: 1,
  max_tokens: 64,
  max_completion_tokens: 64,
  presence_penalty: 0,
  frequency_penalty: 0,
  logprobs: false,
  top_logprobs: 0,
  seed: 42,
  user: "u1",
  store: false,
  parallel_tool_calls: true,
  service_tier: "auto",
  models: ["gpt-4o-mini", "gpt-4o"],
};

function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof v !== "object" || v === null) return [at];
  const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return [at, ...keys.flatMap((k) => paths((v as Record<string | number, unknown>)[k], [...at, k]))];
}

function replaced(path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(valid) as Record<string | number, unknown>;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path.at(-1)!] = value;
  return copy;
}

const odd = fc.constantFrom(-3, -1, 0, 0.5, 1.5, 2, 3, 21, 129, 2 ** 53, "", "x", "tool", "function", null, true, [], {}, undefined);

describe("isPlainChatRequest (the fast path in front of the request schema)", () => {
  it("accepts the common text request and returns it as it is", () => {
    expect(isPlainChatRequest(valid)).toBe(true);
    const r = parseChatCompletionRequest(valid);
    expect(r.ok && r.value).toBe(valid);
  });

  it("leaves tools, images and unknown fields to the schema", () => {
    expect(isPlainChatRequest({ ...valid, tools: [] })).toBe(false);
    expect(isPlainChatRequest({ ...valid, messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }] })).toBe(false);
    expect(isPlainChatRequest({ ...valid, extra_body_field: 1 })).toBe(false);
  });

  it("never accepts what the schema rejects, whatever value replaces whatever field", () => {
    fc.assert(
      fc.property(fc.constantFrom(...paths(valid)), fc.oneof(fc.anything(), odd), (path, value) => {
        const body = replaced(path, value);
        if (isPlainChatRequest(body)) expect(ChatCompletionRequestSchema.safeParse(body).success).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });

  it("still names the bad parameter when the schema rejects the body", () => {
    const r = parseChatCompletionRequest({ ...valid, temperature: 3 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.error.param).toBe("temperature");
  });
});
