import type { ChatCompletion, ToolCall } from "@switchboard/spec";
import { parseUpstreamBody } from "../canonical/invalid-upstream-body.js";
import { STRUCTURED_OUTPUT_TOOL } from "./anthropic-quirks.js";
import { AnthropicMessageSchema } from "./anthropic-schemas.js";
import { toCanonicalUsage } from "./anthropic-usage.js";
import { mapAnthropicStopReason } from "./map-anthropic-stop-reason.js";

/** Anthropic Message → canonical chat completion (text concatenated, thinking → reasoning_content, tool_use → tool_calls). */
export function parseAnthropicChatResponse(body: unknown, now: number = Date.now()): ChatCompletion {
  const msg = parseUpstreamBody(AnthropicMessageSchema, body, "anthropic");
  let text = "";
  let hasText = false;
  let reasoning = "";
  let structured = false;
  const toolCalls: ToolCall[] = [];
  for (const block of msg.content) {
    if (block.type === "text" && "text" in block && typeof block.text === "string") {
      text += block.text;
      hasText = true;
    } else if (block.type === "thinking" && "thinking" in block && typeof block.thinking === "string") {
      reasoning += block.thinking;
    } else if (block.type === "tool_use" && "id" in block && typeof block.id === "string" && "name" in block && typeof block.name === "string") {
      const args = JSON.stringify(block.input ?? {});
      if (block.name === STRUCTURED_OUTPUT_TOOL) {
        text += args;
        hasText = true;
        structured = true;
      } else toolCalls.push({ id: block.id, type: "function", function: { name: block.name, arguments: args } });
    }
  }
  const message: ChatCompletion["choices"][number]["message"] = { role: "assistant", content: hasText ? text : null, refusal: null };
  if (reasoning) message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    id: msg.id,
    object: "chat.completion",
    created: Math.floor(now / 1000),
    model: msg.model,
    choices: [{ index: 0, message, finish_reason: mapAnthropicStopReason(msg.stop_reason, structured && toolCalls.length === 0), logprobs: null }],
    usage: toCanonicalUsage(msg.usage),
  };
}
