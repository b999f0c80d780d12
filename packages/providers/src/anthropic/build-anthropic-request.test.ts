import type { ChatCompletionRequest, UpstreamTarget } from "@switchboard/spec";
import { describe, expect, it } from "vitest";
import { readCassette } from "../__fixtures__/read-fixture.js";
import { buildAnthropicChatRequest } from "./build-anthropic-request.js";

const target: UpstreamTarget = { baseUrl: "https://api.anthropic.com", apiKey: "sk-ant-test", upstreamModel: "claude-haiku-4-5" };
const body = (req: ChatCompletionRequest, t: UpstreamTarget = target): Record<string, unknown> =>
  JSON.parse(buildAnthropicChatRequest(req, t).body ?? "{}") as Record<string, unknown>;

const SYSTEM = "\n    Use the `retrieve_entity_info` tool to get information about a specific person.\n    If you need to use `retrieve_entity_info` to get information about multiple people, try\n    to call them in parallel as much as possible.\n    Think step by step and then provide a single most probable concise answer.\n    ";

describe("buildAnthropicChatRequest", () => {
  it("reproduces the recorded multi-turn parallel tool conversation (pydantic-ai cassette)", () => {
    const cassette = readCassette("anthropic", "test_multiple_parallel_tool_calls.yaml");
    const recorded = cassette.interactions[1]?.request.parsed_body as Record<string, unknown>;
    const recordedMessages = recorded.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>;
    const assistantBlocks = recordedMessages[1]?.content ?? [];
    const calls = assistantBlocks.filter((b) => b.type === "tool_use");
    const results = recordedMessages[2]?.content ?? [];
    const req: ChatCompletionRequest = {
      model: "claude",
      max_tokens: 4096,
      messages: [
        { role: "system", content: SYSTEM },
        { role: "user", content: [{ type: "text", text: "Alice, Bob, Charlie and Daisy are a family. Who is the youngest?" }] },
        {
          role: "assistant",
          content: String(assistantBlocks[0]?.text),
          tool_calls: calls.map((c) => ({ id: String(c.id), type: "function" as const, function: { name: String(c.name), arguments: JSON.stringify(c.input) } })),
        },
        ...results.map((r) => ({ role: "tool" as const, tool_call_id: String(r.tool_use_id), content: String(r.content) })),
      ],
      tools: [{ type: "function", function: { name: "retrieve_entity_info", description: "Get the knowledge about the given entity.", parameters: { additionalProperties: false, properties: { name: { type: "string" } }, required: ["name"], type: "object" } } }],
      tool_choice: "auto",
    };
    const out = body(req);
    // The cassette's tool_result blocks carry is_error:false, which is Anthropic's default.
    const expectedMessages = recordedMessages.map((m) => ({
      ...m,
      content: m.content.map((b) => {
        const { is_error: _ignored, ...rest } = b;
        return rest;
      }),
    }));
    expect(out.messages).toEqual(expectedMessages);
    expect(out.system).toEqual([{ type: "text", text: recorded.system }]);
    expect(out.tools).toEqual(recorded.tools);
    expect(out.tool_choice).toEqual(recorded.tool_choice);
    expect(out.max_tokens).toBe(recorded.max_tokens);
  });

  it("maps images, stop, tool choice, parallel flag, structured output and headers", () => {
    const req = buildAnthropicChatRequest(
      {
        model: "x",
        stream: true,
        stop: "END",
        temperature: 1.5,
        user: "u-1",
        parallel_tool_calls: false,
        tool_choice: "required",
        tools: [{ type: "function", function: { name: "f", description: "d", strict: true } }],
        response_format: { type: "json_schema", json_schema: { name: "r", schema: { type: "object", properties: { a: { type: "string" } } } } },
        messages: [
          { role: "developer", content: "dev" },
          {
            role: "user",
            content: [
              { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
              { type: "image_url", image_url: { url: "https://example.com/cat.jpg" } },
              { type: "text", text: "what?", cache_control: { type: "ephemeral" } },
            ],
          },
        ],
      },
      { ...target, headers: { "x-extra": "1" } },
    );
    expect(req.url).toBe("https://api.anthropic.com/v1/messages");
    expect(req.headers).toEqual({
      "content-type": "application/json",
      accept: "text/event-stream",
      "x-api-key": "sk-ant-test",
      "anthropic-version": "2023-06-01",
      "x-extra": "1",
    });
    expect(JSON.parse(req.body ?? "")).toMatchSnapshot();
  });

  it("maps reasoning_effort to a thinking budget that fits max_tokens", () => {
    const base: ChatCompletionRequest = { model: "x", messages: [{ role: "user", content: "hi" }], temperature: 0.2 };
    const medium = body({ ...base, reasoning_effort: "medium" });
    expect(medium.thinking).toEqual({ type: "enabled", budget_tokens: 8192 });
    expect(medium.max_tokens).toBe(8192 + 4096);
    expect(medium.temperature).toBeUndefined();
    const capped = body({ ...base, reasoning_effort: "high", max_completion_tokens: 5000 });
    expect(capped).toMatchObject({ thinking: { type: "enabled", budget_tokens: 4999 }, max_tokens: 5000 });
    const tooSmall = body({ ...base, reasoning_effort: "high", max_tokens: 500 });
    expect(tooSmall.thinking).toBeUndefined();
    expect(tooSmall).toMatchObject({ max_tokens: 500, temperature: 0.2 });
    expect(body({ ...base, reasoning_effort: "none" }).thinking).toBeUndefined();
    expect(body(base, { ...target, quirks: { defaultMaxTokens: 1000 } }).max_tokens).toBe(1000);
  });

  it("falls back to a forced tool for structured output when configured", () => {
    const out = body(
      { model: "x", messages: [{ role: "user", content: "hi" }], response_format: { type: "json_schema", json_schema: { name: "r", schema: { type: "object" } } } },
      { ...target, quirks: { structuredOutput: "tool" } },
    );
    expect(out.output_config).toBeUndefined();
    expect(out.tool_choice).toEqual({ type: "tool", name: "switchboard_structured_output" });
    expect(out.tools).toEqual([{ name: "switchboard_structured_output", description: "Return the final answer as this tool's input.", input_schema: { type: "object" } }]);
  });

  it("rejects content Anthropic cannot take with a named param", () => {
    expect(() =>
      buildAnthropicChatRequest({ model: "x", messages: [{ role: "user", content: [{ type: "input_audio", input_audio: { data: "AA", format: "wav" } }] }] }, target),
    ).toThrowError(expect.objectContaining({ status: 400, param: "messages[0].content[0].input_audio", isRetryable: false }));
  });
});
