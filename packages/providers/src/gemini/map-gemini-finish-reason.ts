import type { FinishReason } from "@switchboard/spec";

const CONTENT_FILTER = new Set(["SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", "LANGUAGE"]);

/** Gemini reports STOP even when it called functions; the presence of calls decides tool_calls. */
export function mapGeminiFinishReason(reason: string | null | undefined, hasToolCalls: boolean): FinishReason | null {
  if (!reason) return null;
  if (hasToolCalls && (reason === "STOP" || reason === "OTHER")) return "tool_calls";
  if (reason === "MAX_TOKENS") return "length";
  if (CONTENT_FILTER.has(reason)) return "content_filter";
  return "stop";
}
