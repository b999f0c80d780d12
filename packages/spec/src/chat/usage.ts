import { z } from "zod";

/**
 * Canonical semantics: prompt_tokens INCLUDES cached (and cache-written) tokens;
 * completion_tokens INCLUDES reasoning tokens. `cache_write_tokens` counts prompt tokens
 * written to a provider cache (Anthropic cache_creation_input_tokens), priced differently.
 */
export const UsageSchema = z.looseObject({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
  total_tokens: z.number().int().nonnegative(),
  prompt_tokens_details: z
    .looseObject({
      cached_tokens: z.number().int().nonnegative().optional(),
      audio_tokens: z.number().int().nonnegative().optional(),
      cache_write_tokens: z.number().int().nonnegative().optional(),
    })
    .nullish(),
  completion_tokens_details: z
    .looseObject({
      reasoning_tokens: z.number().int().nonnegative().optional(),
      audio_tokens: z.number().int().nonnegative().optional(),
      accepted_prediction_tokens: z.number().int().nonnegative().optional(),
      rejected_prediction_tokens: z.number().int().nonnegative().optional(),
    })
    .nullish(),
});
export type Usage = z.infer<typeof UsageSchema>;
