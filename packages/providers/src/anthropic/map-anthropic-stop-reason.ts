import type { FinishReason } from "@switchboard/spec";

export function mapAnthropicStopReason(reason: string | null | undefined, structuredTool = false): FinishReason | null {
  switch (reason) {
    case "end_turn":
    case "stop_sequence":
    case "pause_turn":
      return "stop";
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      // The structured-output fallback tool is the answer, not a call the client must run.
      return structuredTool ? "stop" : "tool_calls";
    case "refusal":
      return "content_filter";
    case null:
    case undefined:
      return null;
    default:
      return "stop";
  }
}
