import type { Usage } from "@switchboard/spec";
import { z } from "zod";

export const GeminiUsageSchema = z.looseObject({
  promptTokenCount: z.number().int().nonnegative().nullish(),
  candidatesTokenCount: z.number().int().nonnegative().nullish(),
  thoughtsTokenCount: z.number().int().nonnegative().nullish(),
  cachedContentTokenCount: z.number().int().nonnegative().nullish(),
  toolUsePromptTokenCount: z.number().int().nonnegative().nullish(),
  totalTokenCount: z.number().int().nonnegative().nullish(),
});
export type GeminiUsage = z.infer<typeof GeminiUsageSchema>;

/**
 * promptTokenCount already includes cachedContentTokenCount. candidatesTokenCount EXCLUDES
 * thoughts, while canonical completion_tokens includes reasoning, so thoughts are added in.
 * Tool-use prompt tokens (server-side tools) are prompt-side input.
 */
export function toCanonicalGeminiUsage(u: GeminiUsage): Usage {
  const prompt = (u.promptTokenCount ?? 0) + (u.toolUsePromptTokenCount ?? 0);
  const thoughts = u.thoughtsTokenCount ?? 0;
  const completion = (u.candidatesTokenCount ?? 0) + thoughts;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: u.cachedContentTokenCount ?? 0 },
    completion_tokens_details: { reasoning_tokens: thoughts },
  };
}
