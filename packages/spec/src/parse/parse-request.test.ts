import { describe, expect, it } from "vitest";
import { parseChatCompletionRequest, parseEmbeddingsRequest, parseResponsesRequest, parseCompletionRequest } from "./parse-request.js";

describe("parseChatCompletionRequest", () => {
  it("keeps unknown fields at every level so they pass through upstream", () => {
    const body = {
      model: "gpt-4o",
      messages: [
        { role: "system", content: "be brief", cache_control: { type: "ephemeral" } },
        { role: "user", content: [{ type: "image_url", image_url: { url: "data:image/png;base64,AAAA", detail: "high" } }] },
      ],
      vendor_flag: { deep: [1, 2] },
      models: ["a", "b"],
      route: "fallback",
      provider: { order: ["x"] },
    };
    const r = parseChatCompletionRequest(body);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual(body);
  });

  it("accepts the full parameter surface", () => {
    const r = parseChatCompletionRequest({
      model: "m",
      messages: [
        { role: "developer", content: "d" },
        { role: "user", content: [{ type: "text", text: "hi" }, { type: "input_audio", input_audio: { data: "AA", format: "wav" } }, { type: "file", file: { file_id: "f1" } }] },
        { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "{}" } }] },
        { role: "tool", tool_call_id: "c1", content: "42" },
        { role: "function", name: "f", content: "x" },
      ],
      tools: [{ type: "function", function: { name: "f", parameters: { type: "object" }, strict: true } }],
      tool_choice: { type: "function", function: { name: "f" } },
      parallel_tool_calls: false,
      response_format: { type: "json_schema", json_schema: { name: "x", schema: { type: "object" }, strict: true } },
      logprobs: true,
      top_logprobs: 3,
      n: 2,
      seed: 1,
      stop: ["a", "b"],
      temperature: 0.5,
      top_p: 1,
      max_tokens: 10,
      max_completion_tokens: 10,
      reasoning_effort: "low",
      user: "u",
      metadata: { k: "v" },
      stream: true,
      stream_options: { include_usage: true },
      presence_penalty: 0,
      frequency_penalty: 0,
      logit_bias: { "50256": -100 },
      modalities: ["text"],
      prediction: { type: "content", content: "x" },
      service_tier: "auto",
      store: false,
    });
    expect(r.ok).toBe(true);
  });

  it("names the bad param OpenAI-style for an unknown role", () => {
    const r = parseChatCompletionRequest({ model: "m", messages: [{ role: "user", content: "a" }, { role: "robot", content: "b" }] });
    expect(r).toEqual({
      ok: false,
      error: {
        error: {
          message: "Invalid value for 'messages[1].role': must be one of \"system\", \"developer\", \"user\", \"assistant\", \"tool\", \"function\".",
          type: "invalid_request_error",
          param: "messages[1].role",
          code: "invalid_value",
        },
      },
    });
  });

  it("reports missing required params", () => {
    const r = parseChatCompletionRequest({ messages: [{ role: "user", content: "x" }] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.error.param).toBe("model");
    expect(r.error.error.code).toBe("missing_required_parameter");
    expect(r.error.error.message).toBe("Missing required parameter: 'model'.");
  });

  it("reports nested type errors and ranges", () => {
    const bad = parseChatCompletionRequest({ model: "m", messages: [{ role: "tool", content: "x" }] });
    expect(bad.ok || bad.error.error.param).toBe("messages[0].tool_call_id");
    const hot = parseChatCompletionRequest({ model: "m", messages: [{ role: "user", content: "x" }], temperature: 3 });
    expect(hot.ok || hot.error.error.message).toBe("Invalid value for 'temperature': must be <= 2.");
    const empty = parseChatCompletionRequest({ model: "m", messages: [] });
    expect(empty.ok || empty.error.error.message).toBe("Invalid value for 'messages': must have at least 1 item(s).");
  });

  it("rejects non-object bodies", () => {
    for (const v of [null, [], "x", 3]) expect(parseChatCompletionRequest(v).ok).toBe(false);
  });

  it("validates a large request quickly", () => {
    const messages = Array.from({ length: 500 }, (_, i) => ({ role: i % 2 ? "assistant" : "user", content: "x".repeat(200) }));
    const started = performance.now();
    for (let i = 0; i < 20; i++) expect(parseChatCompletionRequest({ model: "m", messages }).ok).toBe(true);
    // 10,000 messages validated; generous bound that still catches pathological schemas.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("other request parsers", () => {
  it("embeddings accept every input shape and reject bad encodings", () => {
    for (const input of ["a", ["a", "b"], [1, 2], [[1], [2, 3]]]) {
      expect(parseEmbeddingsRequest({ model: "e", input }).ok).toBe(true);
    }
    const r = parseEmbeddingsRequest({ model: "e", input: "a", encoding_format: "hex" });
    expect(r.ok || r.error.error.param).toBe("encoding_format");
  });

  it("completions require a prompt", () => {
    const r = parseCompletionRequest({ model: "m" });
    expect(r.ok || r.error.error.param).toBe("prompt");
  });

  it("responses reject built-in tools with a named param", () => {
    const r = parseResponsesRequest({ model: "m", input: "hi", tools: [{ type: "web_search" }] });
    expect(r.ok || r.error.error.param).toBe("tools[0].type");
  });
});
