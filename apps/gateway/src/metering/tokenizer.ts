import { Tiktoken } from "js-tiktoken/lite";
import o200k from "js-tiktoken/ranks/o200k_base";
import type { ChatCompletionRequest } from "@switchboard/spec";

/**
 * A real BPE tokenizer (o200k_base, GPT-4o's) used where the upstream reports no usage: budget
 * reservations before the call, and estimated billing of a stream cut short. Other providers'
 * tokenizers differ by a few percent; estimates are marked as such in the usage event.
 */
let encoder: Tiktoken | null = null;
function enc(): Tiktoken {
  encoder ??= new Tiktoken(o200k);
  return encoder;
}

/**
 * Builds the encoder now (≈ 1 s of CPU for the o200k ranks on a busy 2-core box) so the first request after a
 * start or restart does not pay it. Call at start-up, before listening.
 */
export function warmTokenizer(): void {
  enc();
}

export function countTextTokens(text: string): number {
  if (!text) return 0;
  return enc().encode(text).length;
}

/** Per-message framing overhead, as OpenAI documents for chat models. */
const PER_MESSAGE = 3;
const IMAGE_TOKENS = 765; // a high-detail 512×512 tile budget; images are priced per provider, this only reserves

export function countChatPromptTokens(req: ChatCompletionRequest): number {
  let total = 3;
  for (const m of req.messages) {
    total += PER_MESSAGE;
    const content = (m as { content?: unknown }).content;
    if (typeof content === "string") total += countTextTokens(content);
    else if (Array.isArray(content)) {
      for (const part of content as Array<{ type?: string; text?: string }>) {
        if (part.type === "text" && part.text) total += countTextTokens(part.text);
        else if (part.type === "image_url") total += IMAGE_TOKENS;
      }
    }
    const calls = (m as { tool_calls?: Array<{ function?: { name?: string; arguments?: string } }> }).tool_calls;
    if (calls) for (const c of calls) total += countTextTokens((c.function?.name ?? "") + (c.function?.arguments ?? ""));
  }
  if (req.tools) total += countTextTokens(JSON.stringify(req.tools));
  return total;
}
