import type { ChatCompletionChunk } from "../chat/chat-chunk.js";
import type { ChatCompletionRequest } from "../chat/chat-request.js";
import type { ChatCompletion, FinishReason } from "../chat/chat-response.js";
import type { Completion, CompletionChunk, CompletionRequest } from "./completions-schemas.js";

// Fields that mean the same thing in both APIs and can be copied verbatim.
const SHARED_FIELDS = [
  "temperature",
  "top_p",
  "n",
  "stop",
  "presence_penalty",
  "frequency_penalty",
  "logit_bias",
  "seed",
  "user",
  "stream",
  "stream_options",
] as const;

/**
 * Serves /v1/completions on a chat upstream: the prompt becomes one user message.
 * An array prompt is joined with newlines (chat has no batch prompts). `suffix`, `echo`, `best_of`
 * and numeric `logprobs` have no chat equivalent and are dropped; `logprobs: n` maps to top_logprobs.
 */
export function completionsToChat(req: CompletionRequest): ChatCompletionRequest {
  const prompt = typeof req.prompt === "string" ? req.prompt : req.prompt.join("\n");
  const out: ChatCompletionRequest = { model: req.model, messages: [{ role: "user", content: prompt }] };
  const target = out as Record<string, unknown>;
  const source = req as Record<string, unknown>;
  for (const key of SHARED_FIELDS) {
    if (source[key] !== undefined && source[key] !== null) target[key] = source[key];
  }
  if (req.max_tokens) out.max_tokens = req.max_tokens;
  if (req.logprobs !== undefined && req.logprobs !== null) {
    out.logprobs = true;
    out.top_logprobs = req.logprobs;
  }
  return out;
}

function completionFinish(reason: FinishReason | null | undefined): "stop" | "length" | "content_filter" | null {
  if (reason === undefined || reason === null) return null;
  if (reason === "length" || reason === "content_filter") return reason;
  return "stop";
}

function completionId(id: string): string {
  return id.startsWith("chatcmpl-") ? `cmpl-${id.slice("chatcmpl-".length)}` : id;
}

export function chatToCompletion(resp: ChatCompletion): Completion {
  const out: Completion = {
    id: completionId(resp.id),
    object: "text_completion",
    created: resp.created,
    model: resp.model,
    choices: resp.choices.map((c) => ({
      index: c.index,
      text: c.message.content ?? "",
      finish_reason: completionFinish(c.finish_reason),
      logprobs: null,
    })),
  };
  if (resp.usage) out.usage = resp.usage;
  if (resp.system_fingerprint) out.system_fingerprint = resp.system_fingerprint;
  return out;
}

export function chatChunkToCompletionChunk(chunk: ChatCompletionChunk): CompletionChunk {
  const out: CompletionChunk = {
    id: completionId(chunk.id),
    object: "text_completion",
    created: chunk.created,
    model: chunk.model,
    choices: chunk.choices.map((c) => ({
      index: c.index,
      text: c.delta.content ?? "",
      finish_reason: completionFinish(c.finish_reason),
      logprobs: null,
    })),
  };
  if (chunk.usage) out.usage = chunk.usage;
  return out;
}
