import { EmbeddingsResponseSchema, type ChatCompletion, type EmbeddingsResponse, type UpstreamTarget } from "@switchboard/spec";
import { parseUpstreamBody } from "../canonical/invalid-upstream-body.js";
import { mapOpenAICompatibleFinishReason } from "./map-openai-compatible-finish-reason.js";
import { readQuirks, type OpenAICompatibleQuirks } from "./openai-compatible-quirks.js";
import { UpstreamChatCompletionSchema } from "./openai-compatible-schemas.js";
import { normalizeOpenAICompatibleUsage } from "./openai-compatible-usage.js";
import { isPlainUpstreamCompletion } from "./upstream-completion-guard.js";

const PROVIDER = "openai-compatible";

export function pickReasoning(
  q: OpenAICompatibleQuirks,
  v: { reasoning_content?: string | null | undefined; reasoning?: string | null | undefined },
): string | null | undefined {
  if (q.reasoningField === "reasoning") return v.reasoning;
  if (q.reasoningField === "reasoning_content") return v.reasoning_content;
  return v.reasoning_content ?? v.reasoning;
}

export function parseOpenAICompatibleChatResponse(body: unknown, target: UpstreamTarget): ChatCompletion {
  const q = readQuirks(target.quirks);
  const up = isPlainUpstreamCompletion(body) ? body : parseUpstreamBody(UpstreamChatCompletionSchema, body, PROVIDER);
  const { usage, choices, ...rest } = up;
  const out: ChatCompletion = {
    ...rest,
    object: "chat.completion",
    created: Math.floor(up.created),
    choices: choices.map((c) => {
      const { reasoning: _r, reasoning_content: _rc, tool_calls, content, role: _role, ...msgRest } = c.message;
      const message: ChatCompletion["choices"][number]["message"] = { ...msgRest, role: "assistant", content: content ?? null, refusal: c.message.refusal ?? null };
      const reasoning = pickReasoning(q, c.message);
      if (reasoning) message.reasoning_content = reasoning;
      if (tool_calls && tool_calls.length > 0) {
        message.tool_calls = tool_calls.map((t) => ({ ...t, type: "function" as const }));
      }
      return { ...c, message, finish_reason: mapOpenAICompatibleFinishReason(c.finish_reason), logprobs: c.logprobs ?? null };
    }),
  };
  if (usage) out.usage = normalizeOpenAICompatibleUsage(usage);
  return out;
}

export function parseOpenAICompatibleEmbeddingsResponse(body: unknown): EmbeddingsResponse {
  return parseUpstreamBody(EmbeddingsResponseSchema, body, PROVIDER);
}
