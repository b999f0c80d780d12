import { z } from "zod";
import { ToolCallSchema } from "./chat-message.js";
import { UsageSchema } from "./usage.js";

export const FinishReasonSchema = z.enum(["stop", "length", "tool_calls", "content_filter", "function_call"]);
export type FinishReason = z.infer<typeof FinishReasonSchema>;

const TopLogprobSchema = z.looseObject({
  token: z.string(),
  logprob: z.number(),
  bytes: z.array(z.number()).nullable(),
});

const TokenLogprobSchema = z.looseObject({
  token: z.string(),
  logprob: z.number(),
  bytes: z.array(z.number()).nullable(),
  top_logprobs: z.array(TopLogprobSchema),
});

export const ChoiceLogprobsSchema = z.looseObject({
  content: z.array(TokenLogprobSchema).nullable(),
  refusal: z.array(TokenLogprobSchema).nullish(),
});

export const ChatCompletionMessageSchema = z.looseObject({
  role: z.literal("assistant"),
  content: z.string().nullable(),
  refusal: z.string().nullish(),
  tool_calls: z.array(ToolCallSchema).optional(),
  // Extension shared by DeepSeek/vLLM/OpenRouter: the model's visible reasoning.
  reasoning_content: z.string().nullish(),
  annotations: z.array(z.unknown()).optional(),
  audio: z.unknown().optional(),
  function_call: z.looseObject({ name: z.string(), arguments: z.string() }).nullish(),
});
export type ChatCompletionMessage = z.infer<typeof ChatCompletionMessageSchema>;

export const ChatCompletionChoiceSchema = z.looseObject({
  index: z.number().int(),
  message: ChatCompletionMessageSchema,
  finish_reason: FinishReasonSchema.nullable(),
  logprobs: ChoiceLogprobsSchema.nullish(),
});

export const ChatCompletionSchema = z.looseObject({
  id: z.string(),
  object: z.literal("chat.completion"),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(ChatCompletionChoiceSchema),
  usage: UsageSchema.nullish(),
  system_fingerprint: z.string().nullish(),
  service_tier: z.string().nullish(),
});
export type ChatCompletion = z.infer<typeof ChatCompletionSchema>;
