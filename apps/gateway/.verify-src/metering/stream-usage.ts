import type { Usage } from "@switchboard/spec";
import { countTextTokens } from "./tokenizer.js";

/**
 * Usage to bill for a stream that did not end properly (upstream cut, client gone) or ended without a
 * usage report. An upstream's mid-stream figures are only a floor: Anthropic reports its input and
 * `output_tokens: 1` in message_start, Gemini a running count as of its last chunk. What the gateway
 * actually forwarded, counted with its tokenizer, is the other floor; the bill is the larger, and it is
 * always marked estimated. The upstream's prompt figures (exact, with cache details) win over our count.
 */
export function usageForIncompleteStream(reported: Usage | null, countedPromptTokens: number, emittedText: string): Usage {
  const counted = countTextTokens(emittedText);
  if (!reported) return { prompt_tokens: countedPromptTokens, completion_tokens: counted, total_tokens: countedPromptTokens + counted };
  const completion = Math.max(reported.completion_tokens, counted);
  return { ...reported, completion_tokens: completion, total_tokens: reported.prompt_tokens + completion };
}
