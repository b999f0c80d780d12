import { ChatCompletionSchema } from "@switchboard/spec";
import { describe, expect, it } from "vitest";
import { readCassette, readFixtureJson } from "../__fixtures__/read-fixture.js";
import { parseAnthropicChatResponse } from "./parse-anthropic-response.js";

const NOW = Date.UTC(2026, 0, 1);

describe("parseAnthropicChatResponse", () => {
  it.each(["anthropic-text.json", "anthropic-json-other-tool.1.json", "anthropic-clear-thinking.1.json", "anthropic-refusal.json", "anthropic-json-output-format.1.json"])(
    "translates %s",
    (name) => {
      const out = parseAnthropicChatResponse(readFixtureJson("anthropic", name), NOW);
      expect(ChatCompletionSchema.parse(out)).toEqual(out);
      expect(out).toMatchSnapshot();
    },
  );

  it("maps stop reasons and thinking", () => {
    expect(parseAnthropicChatResponse(readFixtureJson("anthropic", "anthropic-json-other-tool.1.json"), NOW).choices[0]).toMatchObject({
      finish_reason: "tool_calls",
      message: { content: null, tool_calls: [{ type: "function", function: { name: "weather", arguments: '{"location":"San Francisco"}' } }] },
    });
    const thinking = parseAnthropicChatResponse(readFixtureJson("anthropic", "anthropic-clear-thinking.1.json"), NOW).choices[0];
    expect(thinking?.message.reasoning_content?.length).toBeGreaterThan(0);
    expect(parseAnthropicChatResponse(readFixtureJson("anthropic", "anthropic-refusal.json"), NOW).choices[0]?.finish_reason).toBe("content_filter");
  });

  it("keeps four parallel tool_use blocks separate and in order", () => {
    const body = readCassette("anthropic", "test_multiple_parallel_tool_calls.yaml").interactions[0]?.response.parsed_body;
    const out = parseAnthropicChatResponse(body, NOW);
    expect(out.choices[0]?.message.tool_calls?.map((c) => c.function.arguments)).toEqual([
      '{"name":"Alice"}',
      '{"name":"Bob"}',
      '{"name":"Charlie"}',
      '{"name":"Daisy"}',
    ]);
    expect(new Set(out.choices[0]?.message.tool_calls?.map((c) => c.id)).size).toBe(4);
  });

  it("counts cache reads and writes inside prompt_tokens", () => {
    const c = readCassette("anthropic", "test_anthropic_cache_real_api.yaml");
    const second = parseAnthropicChatResponse(c.interactions[1]?.response.parsed_body, NOW);
    // input 3 + cache_read 1111 + cache_creation 418.
    expect(second.usage).toMatchObject({ prompt_tokens: 3 + 1111 + 418, prompt_tokens_details: { cached_tokens: 1111, cache_write_tokens: 418 } });
    expect(second.usage?.total_tokens).toBe((second.usage?.prompt_tokens ?? 0) + (second.usage?.completion_tokens ?? 0));
  });

  it("throws a retryable 502 ProviderError for a body that breaks the schema", () => {
    expect(() => parseAnthropicChatResponse({ type: "message", content: "nope" })).toThrowError(
      expect.objectContaining({ status: 502, isRetryable: true, provider: "anthropic" }),
    );
  });
});
