import type { ChatCompletion, ToolCall } from "@switchboard/spec";
import { randomUUID } from "node:crypto";
import { parseUpstreamBody } from "../canonical/invalid-upstream-body.js";
import { encodeToolCallId } from "./gemini-tool-call-id.js";
import { GeminiResponseSchema, type GeminiPart } from "./gemini-schemas.js";
import { toCanonicalGeminiUsage } from "./gemini-usage.js";
import { mapGeminiFinishReason } from "./map-gemini-finish-reason.js";

export interface TranslatedParts {
  content: string | undefined;
  reasoning: string | undefined;
  toolCalls: ToolCall[];
}

/** Parts of one candidate → text, thought text and tool calls with ids unique within `idBase`. */
export function translateGeminiParts(parts: GeminiPart[], idBase: string, firstToolIndex = 0): TranslatedParts {
  let content: string | undefined;
  let reasoning: string | undefined;
  const toolCalls: ToolCall[] = [];
  for (const part of parts) {
    if (part.functionCall) {
      const base = part.functionCall.id ?? `call_${idBase}_${firstToolIndex + toolCalls.length}`;
      toolCalls.push({
        id: encodeToolCallId(base, part.thoughtSignature),
        type: "function",
        function: { name: part.functionCall.name, arguments: JSON.stringify(part.functionCall.args ?? {}) },
      });
    } else if (part.text !== undefined) {
      if (part.thought) reasoning = (reasoning ?? "") + part.text;
      else content = (content ?? "") + part.text;
    }
  }
  return { content, reasoning, toolCalls };
}

export function parseGeminiChatResponse(body: unknown, model: string, now: number = Date.now()): ChatCompletion {
  const r = parseUpstreamBody(GeminiResponseSchema, body, "gemini");
  const idBase = r.responseId ?? randomUUID().replace(/-/g, "");
  const choices: ChatCompletion["choices"] = (r.candidates ?? []).map((c, i) => {
    const t = translateGeminiParts(c.content?.parts ?? [], `${idBase}_${c.index ?? i}`);
    const message: ChatCompletion["choices"][number]["message"] = { role: "assistant", content: t.content ?? null, refusal: null };
    if (t.reasoning) message.reasoning_content = t.reasoning;
    if (t.toolCalls.length > 0) message.tool_calls = t.toolCalls;
    return { index: c.index ?? i, message, finish_reason: mapGeminiFinishReason(c.finishReason, t.toolCalls.length > 0) ?? "stop", logprobs: null };
  });
  // A blocked prompt comes back with no candidates at all, only promptFeedback.blockReason.
  if (choices.length === 0) {
    choices.push({ index: 0, message: { role: "assistant", content: null, refusal: null }, finish_reason: r.promptFeedback?.blockReason ? "content_filter" : "stop", logprobs: null });
  }
  const out: ChatCompletion = {
    id: r.responseId ?? `gen-${idBase}`,
    object: "chat.completion",
    created: Math.floor(now / 1000),
    model: r.modelVersion ?? model,
    choices,
  };
  if (r.usageMetadata) out.usage = toCanonicalGeminiUsage(r.usageMetadata);
  return out;
}
