import { ChoiceLogprobsSchema } from "@switchboard/spec";
import { z } from "zod";

// Upstream shapes are parsed leniently: compatible servers disagree on nullability and extras,
// and we only need to trust the fields we translate. Everything else passes through (loose).

const UpstreamUsageSchema = z.looseObject({
  prompt_tokens: z.number().int().nonnegative().nullish(),
  completion_tokens: z.number().int().nonnegative().nullish(),
  total_tokens: z.number().int().nonnegative().nullish(),
  prompt_tokens_details: z.looseObject({ cached_tokens: z.number().int().nonnegative().nullish() }).nullish(),
  completion_tokens_details: z.looseObject({ reasoning_tokens: z.number().int().nonnegative().nullish() }).nullish(),
  // DeepSeek reports cache hits at top level.
  prompt_cache_hit_tokens: z.number().int().nonnegative().nullish(),
});
export type UpstreamUsage = z.infer<typeof UpstreamUsageSchema>;

const ToolCallSchema = z.looseObject({
  id: z.string(),
  type: z.literal("function").optional(),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

export const UpstreamChatCompletionSchema = z.looseObject({
  id: z.string(),
  object: z.string().optional(),
  created: z.number(),
  model: z.string(),
  choices: z.array(
    z.looseObject({
      index: z.number().int(),
      message: z.looseObject({
        role: z.string().optional(),
        content: z.string().nullish(),
        refusal: z.string().nullish(),
        reasoning_content: z.string().nullish(),
        reasoning: z.string().nullish(),
        tool_calls: z.array(ToolCallSchema).nullish(),
      }),
      finish_reason: z.string().nullish(),
      logprobs: ChoiceLogprobsSchema.nullish(),
    }),
  ),
  usage: UpstreamUsageSchema.nullish(),
});
export type UpstreamChatCompletion = z.infer<typeof UpstreamChatCompletionSchema>;

export const UpstreamChunkSchema = z.looseObject({
  id: z.string().optional(),
  choices: z
    .array(
      z.looseObject({
        index: z.number().int(),
        delta: z
          .looseObject({
            role: z.string().nullish(),
            content: z.string().nullish(),
            reasoning_content: z.string().nullish(),
            reasoning: z.string().nullish(),
            tool_calls: z
              .array(
                z.looseObject({
                  index: z.number().int(),
                  id: z.string().nullish(),
                  type: z.string().nullish(),
                  function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
                }),
              )
              .nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
        logprobs: ChoiceLogprobsSchema.nullish(),
      }),
    )
    .nullish(),
  usage: UpstreamUsageSchema.nullish(),
  system_fingerprint: z.string().nullish(),
  // Several compatible servers (vLLM, OpenRouter) report failures in-band as `data: {"error": ...}`.
  error: z.unknown().optional(),
});
export type UpstreamChunk = z.infer<typeof UpstreamChunkSchema>;
