import { describe, expect, it } from "vitest";
import { ChatCompletionRequestSchema } from "../chat/chat-request.js";
import type { ChatCompletion } from "../chat/chat-response.js";
import { CompletionSchema } from "./completions-schemas.js";
import { chatChunkToCompletionChunk, chatToCompletion, completionsToChat } from "./completions-to-chat.js";

describe("legacy completions over chat", () => {
  it("turns the prompt into one user message and maps shared params", () => {
    const chat = completionsToChat({ model: "m", prompt: ["a", "b"], max_tokens: 7, stop: "\n", temperature: 0.1, logprobs: 2, echo: true, stream: true, stream_options: { include_usage: true } });
    expect(chat).toEqual({
      model: "m",
      messages: [{ role: "user", content: "a\nb" }],
      max_tokens: 7,
      stop: "\n",
      temperature: 0.1,
      stream: true,
      stream_options: { include_usage: true },
      logprobs: true,
      top_logprobs: 2,
    });
    expect(ChatCompletionRequestSchema.safeParse(chat).success).toBe(true);
  });

  it("maps a chat completion and chunks back to text_completion", () => {
    const resp: ChatCompletion = {
      id: "chatcmpl-123",
      object: "chat.completion",
      created: 5,
      model: "m",
      choices: [{ index: 0, message: { role: "assistant", content: "hi", tool_calls: [] }, finish_reason: "tool_calls" }],
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
    };
    const out = chatToCompletion(resp);
    expect(out).toEqual({ id: "cmpl-123", object: "text_completion", created: 5, model: "m", choices: [{ index: 0, text: "hi", finish_reason: "stop", logprobs: null }], usage: resp.usage });
    expect(CompletionSchema.parse(out)).toEqual(out);
    const chunk = chatChunkToCompletionChunk({ id: "chatcmpl-9", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta: { content: "x" }, finish_reason: "length" }] });
    expect(chunk.choices).toEqual([{ index: 0, text: "x", finish_reason: "length", logprobs: null }]);
    expect(chunk.id).toBe("cmpl-9");
  });
});
