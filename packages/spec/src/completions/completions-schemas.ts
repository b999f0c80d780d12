import { z } from "zod";
import { StopSchema } from "../chat/chat-request.js";
import { UsageSchema } from "../chat/usage.js";

export const CompletionRequestSchema = z.looseObject({
  model: z.string().min(1),
  // Token-array prompts cannot be translated to chat messages, so only text prompts are accepted.
  prompt: z.union([z.string(), z.array(z.string()).min(1)]),
  suffix: z.string().nullish(),
  max_tokens: z.number().int().min(0).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  n: z.number().int().min(1).max(128).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  logprobs: z.number().int().min(0).max(5).nullish(),
  echo: z.boolean().nullish(),
  stop: StopSchema,
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  best_of: z.number().int().min(0).max(20).nullish(),
  logit_bias: z.record(z.string(), z.number()).nullish(),
  seed: z.number().int().nullish(),
  user: z.string().optional(),
});
export type CompletionRequest = z.infer<typeof CompletionRequestSchema>;

export const CompletionLogprobsSchema = z.looseObject({
  text_offset: z.array(z.number()).optional(),
  token_logprobs: z.array(z.number()).optional(),
  tokens: z.array(z.string()).optional(),
  top_logprobs: z.array(z.record(z.string(), z.number())).optional(),
});

export const CompletionChoiceSchema = z.looseObject({
  index: z.number().int(),
  text: z.string(),
  finish_reason: z.enum(["stop", "length", "content_filter"]).nullable(),
  logprobs: CompletionLogprobsSchema.nullable(),
});

export const CompletionSchema = z.looseObject({
  id: z.string(),
  object: z.literal("text_completion"),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(CompletionChoiceSchema),
  usage: UsageSchema.nullish(),
  system_fingerprint: z.string().nullish(),
});
export type Completion = z.infer<typeof CompletionSchema>;
// Streamed legacy completions reuse the same object shape, one choice fragment per event.
export const CompletionChunkSchema = CompletionSchema;
export type CompletionChunk = Completion;

