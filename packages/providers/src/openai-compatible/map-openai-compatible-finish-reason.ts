import type { FinishReason } from "@switchboard/spec";

/** Compatible servers invent their own reasons ("eos", "abort", "model_length"); fold them into OpenAI's five. */
export function mapOpenAICompatibleFinishReason(reason: string | null | undefined): FinishReason | null {
  switch (reason) {
    case null:
    case undefined:
      return null;
    case "stop":
    case "length":
    case "tool_calls":
    case "content_filter":
    case "function_call":
      return reason;
    case "model_length":
    case "max_tokens":
      return "length";
    case "tool_call":
      return "tool_calls";
    default:
      return "stop";
  }
}
