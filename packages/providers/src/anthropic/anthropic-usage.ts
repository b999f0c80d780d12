import type { Usage } from "@switchboard/spec";
import { z } from "zod";

export const AnthropicUsageSchema = z.looseObject({
  input_tokens: z.number().int().nonnegative().nullish(),
  output_tokens: z.number().int().nonnegative().nullish(),
  cache_creation_input_tokens: z.number().int().nonnegative().nullish(),
  cache_read_input_tokens: z.number().int().nonnegative().nullish(),
});
export type AnthropicUsage = z.infer<typeof AnthropicUsageSchema>;

/**
 * Anthropic's input_tokens EXCLUDES cache reads and writes; canonical prompt_tokens includes both.
 * Cache writes are reported as `prompt_tokens_details.cache_write_tokens` (billed at a premium),
 * cache reads as `cached_tokens`. output_tokens already includes thinking; Anthropic does not
 * split reasoning out, so reasoning_tokens is left absent rather than guessed.
 */
export function toCanonicalUsage(u: AnthropicUsage): Usage {
  const input = u.input_tokens ?? 0;
  const read = u.cache_read_input_tokens ?? 0;
  const write = u.cache_creation_input_tokens ?? 0;
  const prompt = input + read + write;
  const completion = u.output_tokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: read, cache_write_tokens: write },
  };
}

/** Stream usage arrives in pieces (message_start, then message_delta); later non-null fields win. */
export function mergeAnthropicUsage(prev: AnthropicUsage, next: AnthropicUsage): AnthropicUsage {
  return {
    input_tokens: next.input_tokens ?? prev.input_tokens,
    output_tokens: next.output_tokens ?? prev.output_tokens,
    cache_creation_input_tokens: next.cache_creation_input_tokens ?? prev.cache_creation_input_tokens,
    cache_read_input_tokens: next.cache_read_input_tokens ?? prev.cache_read_input_tokens,
  };
}
