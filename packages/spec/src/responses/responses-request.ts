import { z } from "zod";
import { ReasoningEffortSchema } from "../chat/chat-request.js";

const InputTextSchema = z.looseObject({ type: z.literal("input_text"), text: z.string() });
const InputImageSchema = z.looseObject({
  type: z.literal("input_image"),
  image_url: z.string().nullish(),
  file_id: z.string().nullish(),
  detail: z.enum(["auto", "low", "high"]).optional(),
});
const InputFileSchema = z.looseObject({
  type: z.literal("input_file"),
  file_data: z.string().optional(),
  file_id: z.string().nullish(),
  filename: z.string().optional(),
});
const OutputTextSchema = z.looseObject({ type: z.literal("output_text"), text: z.string() });
const RefusalSchema = z.looseObject({ type: z.literal("refusal"), refusal: z.string() });

export const ResponsesInputContentSchema = z.discriminatedUnion("type", [
  InputTextSchema,
  InputImageSchema,
  InputFileSchema,
  OutputTextSchema,
  RefusalSchema,
]);
export type ResponsesInputContent = z.infer<typeof ResponsesInputContentSchema>;

export const ResponsesMessageItemSchema = z.looseObject({
  type: z.literal("message").optional(),
  role: z.enum(["user", "assistant", "system", "developer"]),
  content: z.union([z.string(), z.array(ResponsesInputContentSchema)]),
  id: z.string().optional(),
  status: z.string().optional(),
});

export const ResponsesFunctionCallItemSchema = z.looseObject({
  type: z.literal("function_call"),
  call_id: z.string(),
  name: z.string(),
  arguments: z.string(),
  id: z.string().optional(),
  status: z.string().optional(),
});

export const ResponsesFunctionCallOutputItemSchema = z.looseObject({
  type: z.literal("function_call_output"),
  call_id: z.string(),
  output: z.union([z.string(), z.array(ResponsesInputContentSchema)]),
  id: z.string().optional(),
  status: z.string().optional(),
});

// Reasoning items from earlier turns are accepted (clients echo them back) and dropped on translation.
export const ResponsesReasoningItemSchema = z.looseObject({ type: z.literal("reasoning") });

export const ResponsesInputItemSchema = z.union([
  ResponsesMessageItemSchema,
  ResponsesFunctionCallItemSchema,
  ResponsesFunctionCallOutputItemSchema,
  ResponsesReasoningItemSchema,
]);
export type ResponsesInputItem = z.infer<typeof ResponsesInputItemSchema>;

// Only function tools can be served through a chat upstream; built-in tools fail validation with a named param.
export const ResponsesFunctionToolSchema = z.looseObject({
  type: z.literal("function"),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});

export const ResponsesToolChoiceSchema = z.union([
  z.enum(["none", "auto", "required"]),
  z.looseObject({ type: z.literal("function"), name: z.string() }),
]);

export const ResponsesTextFormatSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("text") }),
  z.looseObject({ type: z.literal("json_object") }),
  z.looseObject({
    type: z.literal("json_schema"),
    name: z.string(),
    schema: z.record(z.string(), z.unknown()),
    description: z.string().optional(),
    strict: z.boolean().nullish(),
  }),
]);

export const ResponsesRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(ResponsesInputItemSchema)]),
  instructions: z.string().nullish(),
  tools: z.array(ResponsesFunctionToolSchema).optional(),
  tool_choice: ResponsesToolChoiceSchema.optional(),
  parallel_tool_calls: z.boolean().nullish(),
  text: z.looseObject({ format: ResponsesTextFormatSchema.optional() }).optional(),
  reasoning: z.looseObject({ effort: ReasoningEffortSchema.nullish(), summary: z.string().nullish() }).nullish(),
  max_output_tokens: z.number().int().min(1).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stream: z.boolean().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  store: z.boolean().nullish(),
  user: z.string().optional(),
});
export type ResponsesRequest = z.infer<typeof ResponsesRequestSchema>;
