import { z } from "zod";
import { ChoiceLogprobsSchema, FinishReasonSchema } from "./chat-response.js";
import { UsageSchema } from "./usage.js";

export const ToolCallDeltaSchema = z.looseObject({
  index: z.number().int(),
  id: z.string().nullish(),
  type: z.literal("function").nullish(),
  function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});
export type ToolCallDelta = z.infer<typeof ToolCallDeltaSchema>;

export const ChatCompletionDeltaSchema = z.looseObject({
  role: z.enum(["assistant", "developer", "system", "user", "tool"]).nullish(),
  content: z.string().nullish(),
  refusal: z.string().nullish(),
  tool_calls: z.array(ToolCallDeltaSchema).nullish(),
  reasoning_content: z.string().nullish(),
  function_call: z.looseObject({ name: z.string().optional(), arguments: z.string().optional() }).nullish(),
});
export type ChatCompletionDelta = z.infer<typeof ChatCompletionDeltaSchema>;

export const ChatCompletionChunkChoiceSchema = z.looseObject({
  index: z.number().int(),
  delta: ChatCompletionDeltaSchema,
  finish_reason: FinishReasonSchema.nullish(),
  logprobs: ChoiceLogprobsSchema.nullish(),
});

export const ChatCompletionChunkSchema = z.looseObject({
  id: z.string(),
  object: z.literal("chat.completion.chunk"),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(ChatCompletionChunkChoiceSchema),
  usage: UsageSchema.nullish(),
  system_fingerprint: z.string().nullish(),
  service_tier: z.string().nullish(),
});
export type ChatCompletionChunk = z.infer<typeof ChatCompletionChunkSchema>;
