import { describe, expect, it } from "vitest";
import type { ChatCompletionChunk } from "../chat/chat-chunk.js";
import { ChatCompletionRequestSchema } from "../chat/chat-request.js";
import { ResponseObjectSchema } from "./response-object.js";
import { ResponseStreamEventSchema } from "./response-stream-events.js";
import { ResponsesRequestSchema } from "./responses-request.js";
import { responsesRequestToChat } from "./responses-request-to-chat.js";
import { chatToResponse } from "./chat-to-response.js";
import { createResponsesStreamEncoder } from "./responses-stream-encoder.js";

const req = ResponsesRequestSchema.parse({
  model: "gpt-x",
  instructions: "be nice",
  input: [
    { role: "user", content: [{ type: "input_text", text: "weather?" }, { type: "input_image", image_url: "https://i/x.png", detail: "low" }] },
    { type: "function_call", call_id: "c1", name: "weather", arguments: '{"city":"Paris"}' },
    { type: "function_call", call_id: "c2", name: "weather", arguments: '{"city":"Rome"}' },
    { type: "function_call_output", call_id: "c1", output: "20C" },
    { type: "function_call_output", call_id: "c2", output: "25C" },
    { type: "reasoning", summary: [] },
    { role: "assistant", content: [{ type: "output_text", text: "Paris 20, Rome 25" }] },
  ],
  tools: [{ type: "function", name: "weather", parameters: { type: "object" }, strict: true }],
  tool_choice: { type: "function", name: "weather" },
  text: { format: { type: "json_schema", name: "w", schema: { type: "object" }, strict: true } },
  reasoning: { effort: "high" },
  max_output_tokens: 50,
  stream: true,
  store: false,
});

describe("responsesRequestToChat", () => {
  it("translates items, tools, format and limits", () => {
    const chat = responsesRequestToChat(req);
    expect(chat).toEqual({
      model: "gpt-x",
      messages: [
        { role: "system", content: "be nice" },
        { role: "user", content: [{ type: "text", text: "weather?" }, { type: "image_url", image_url: { url: "https://i/x.png", detail: "low" } }] },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "c1", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } },
            { id: "c2", type: "function", function: { name: "weather", arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: "tool", tool_call_id: "c1", content: "20C" },
        { role: "tool", tool_call_id: "c2", content: "25C" },
        { role: "assistant", content: "Paris 20, Rome 25" },
      ],
      tools: [{ type: "function", function: { name: "weather", parameters: { type: "object" }, strict: true } }],
      tool_choice: { type: "function", function: { name: "weather" } },
      response_format: { type: "json_schema", json_schema: { name: "w", schema: { type: "object" }, strict: true } },
      reasoning_effort: "high",
      max_completion_tokens: 50,
      store: false,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(ChatCompletionRequestSchema.safeParse(chat).success).toBe(true);
  });
});

describe("chatToResponse", () => {
  it("builds reasoning, message and function_call items with usage", () => {
    const res = chatToResponse(
      {
        id: "chatcmpl-abc",
        object: "chat.completion",
        created: 10,
        model: "gpt-x",
        choices: [{ index: 0, finish_reason: "tool_calls", message: { role: "assistant", content: "Let me check.", reasoning_content: "hmm", tool_calls: [{ id: "c9", type: "function", function: { name: "weather", arguments: "{}" } }] } }],
        usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 2 } },
      },
      req,
    );
    expect(ResponseObjectSchema.parse(res)).toEqual(res);
    expect(res.id).toBe("resp_abc");
    expect(res.status).toBe("completed");
    expect(res.output.map((o) => o.type)).toEqual(["reasoning", "message", "function_call"]);
    expect(res.output[2]).toEqual({ type: "function_call", id: "fc_c9", call_id: "c9", name: "weather", arguments: "{}", status: "completed" });
    expect(res.usage).toEqual({ input_tokens: 10, input_tokens_details: { cached_tokens: 4, cache_write_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 2 }, total_tokens: 15 });
  });
});

describe("createResponsesStreamEncoder", () => {
  const chunk = (delta: ChatCompletionChunk["choices"][number]["delta"], finish: "stop" | "tool_calls" | "length" | null = null): ChatCompletionChunk => ({
    id: "c",
    object: "chat.completion.chunk",
    created: 1,
    model: "gpt-x",
    choices: [{ index: 0, delta, finish_reason: finish }],
  });

  it("emits the Responses event sequence in OpenAI's order", () => {
    const enc = createResponsesStreamEncoder(req, { responseId: "resp_1", createdAt: 100 });
    const events = [
      ...enc.start(),
      ...enc.push(chunk({ role: "assistant", content: "" })),
      ...enc.push(chunk({ content: "Hel" })),
      ...enc.push(chunk({ content: "lo" })),
      ...enc.push(chunk({ tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "weather", arguments: "" } }] })),
      ...enc.push(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] })),
      ...enc.push(chunk({ tool_calls: [{ index: 0, function: { arguments: "1}" } }] })),
      ...enc.push(chunk({}, "tool_calls")),
    ];
    enc.setUsage({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
    events.push(...enc.finish());
    for (const e of events) expect(ResponseStreamEventSchema.parse(e)).toEqual(e);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events.map((e) => e.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.output_item.added",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.done",
      "response.output_item.done",
      "response.completed",
    ]);
    const done = events.at(-1);
    expect(done?.type === "response.completed" && done.response).toMatchObject({
      status: "completed",
      usage: { input_tokens: 3, output_tokens: 4, total_tokens: 7 },
      output: [
        { type: "message", content: [{ type: "output_text", text: "Hello" }] },
        { type: "function_call", call_id: "call_1", name: "weather", arguments: '{"a":1}' },
      ],
    });
  });

  it("reports incomplete on length and failed on error", () => {
    const enc = createResponsesStreamEncoder(req, { responseId: "resp_2", createdAt: 1 });
    enc.start();
    enc.push(chunk({ reasoning_content: "think" }));
    enc.push(chunk({ content: "partial" }, "length"));
    const end = enc.finish();
    expect(end.map((e) => e.type)).toEqual(["response.output_text.done", "response.content_part.done", "response.output_item.done", "response.incomplete"]);
    const last = end.at(-1);
    expect(last?.type === "response.incomplete" && last.response.incomplete_details).toEqual({ reason: "max_output_tokens" });
    const failed = createResponsesStreamEncoder(req, { responseId: "resp_3", createdAt: 1 }).fail({ code: "server_error", message: "boom" });
    expect(failed[0]?.type === "response.failed" && failed[0].response.error).toEqual({ code: "server_error", message: "boom" });
  });
});
