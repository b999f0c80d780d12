import { createRequire } from "node:module";
import { Tiktoken, type TiktokenBPE } from "js-tiktoken/lite";
import type { ChatCompletionRequest } from "@switchboard/spec";

/**
 * A real BPE tokenizer (o200k_base, GPT-4o's), used where the upstream reports no usage (a stream cut
 * short, a client gone) and where the cheap upper bound below is too coarse (a tight context window or
 * budget). Loaded on first use: its rank table costs ~150 MB and ~1 s to build, which most gateways
 * never need. Other providers' tokenizers differ by a few percent; such counts are marked estimated.
 */
const require = createRequire(import.meta.url);
let encoder: Tiktoken | null = null;
function enc(): Tiktoken {
  encoder ??= new Tiktoken(require("js-tiktoken/ranks/o200k_base") as TiktokenBPE);
  return encoder;
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

/**
 * A guaranteed upper bound on the prompt's tokens without tokenizing: every BPE token covers at least
 * one UTF-8 byte, so bytes (plus the same framing and image allowances) is never below the real count.
 * Reserving on it can only over-reserve, never under; the exact count is computed only when the bound
 * is not good enough (a context window or a budget too tight for it).
 */
export function chatPromptUpperBound(req: ChatCompletionRequest): number {
  let total = 3;
  for (const m of req.messages) {
    total += PER_MESSAGE;
    const content = (m as { content?: unknown }).content;
    if (typeof content === "string") total += Buffer.byteLength(content);
    else if (Array.isArray(content)) {
      for (const part of content as Array<{ type?: string; text?: string }>) {
        if (part.type === "text" && part.text) total += Buffer.byteLength(part.text);
        else if (part.type === "image_url") total += IMAGE_TOKENS;
      }
    }
    const calls = (m as { tool_calls?: Array<{ function?: { name?: string; arguments?: string } }> }).tool_calls;
    if (calls) for (const c of calls) total += Buffer.byteLength((c.function?.name ?? "") + (c.function?.arguments ?? ""));
  }
  if (req.tools) total += Buffer.byteLength(JSON.stringify(req.tools));
  return total;
}
