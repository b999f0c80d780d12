import { z } from "zod";

export const ResponseOutputTextSchema = z.looseObject({
  type: z.literal("output_text"),
  text: z.string(),
  annotations: z.array(z.unknown()),
  /** Required by OpenAI's schema; empty unless logprobs were requested. */
  logprobs: z.array(z.unknown()).optional(),
});
export const ResponseRefusalSchema = z.looseObject({ type: z.literal("refusal"), refusal: z.string() });
export const ResponseContentPartSchema = z.discriminatedUnion("type", [ResponseOutputTextSchema, ResponseRefusalSchema]);
export type ResponseContentPart = z.infer<typeof ResponseContentPartSchema>;

export const ResponseMessageOutputSchema = z.looseObject({
  type: z.literal("message"),
  id: z.string(),
  status: z.enum(["in_progress", "completed", "incomplete"]),
  role: z.literal("assistant"),
  content: z.array(ResponseContentPartSchema),
});

export const ResponseFunctionCallOutputSchema = z.looseObject({
  type: z.literal("function_call"),
  id: z.string(),
  call_id: z.string(),
  name: z.string(),
  arguments: z.string(),
  status: z.enum(["in_progress", "completed", "incomplete"]),
});

export const ResponseReasoningOutputSchema = z.looseObject({
  type: z.literal("reasoning"),
  id: z.string(),
  summary: z.array(z.looseObject({ type: z.literal("summary_text"), text: z.string() })),
});

export const ResponseOutputItemSchema = z.discriminatedUnion("type", [
  ResponseMessageOutputSchema,
  ResponseFunctionCallOutputSchema,
  ResponseReasoningOutputSchema,
]);
export type ResponseOutputItem = z.infer<typeof ResponseOutputItemSchema>;

export const ResponseUsageSchema = z.looseObject({
  input_tokens: z.number().int().nonnegative(),
  input_tokens_details: z.looseObject({ cached_tokens: z.number().int().nonnegative() }),
  output_tokens: z.number().int().nonnegative(),
  output_tokens_details: z.looseObject({ reasoning_tokens: z.number().int().nonnegative() }),
  total_tokens: z.number().int().nonnegative(),
});
export type ResponseUsage = z.infer<typeof ResponseUsageSchema>;

export const ResponseObjectSchema = z.looseObject({
  id: z.string(),
  object: z.literal("response"),
  created_at: z.number().int(),
  status: z.enum(["completed", "failed", "in_progress", "cancelled", "queued", "incomplete"]),
  model: z.string(),
  output: z.array(ResponseOutputItemSchema),
  usage: ResponseUsageSchema.nullish(),
  error: z.looseObject({ code: z.string(), message: z.string() }).nullable(),
  incomplete_details: z.looseObject({ reason: z.string() }).nullable(),
  instructions: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  parallel_tool_calls: z.boolean().optional(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  max_output_tokens: z.number().nullish(),
  tool_choice: z.unknown().optional(),
  tools: z.array(z.unknown()).optional(),
  text: z.unknown().optional(),
  reasoning: z.unknown().optional(),
  store: z.boolean().nullish(),
});
export type ResponseObject = z.infer<typeof ResponseObjectSchema>;
