import { z } from "zod";

// Every object is loose: unknown fields must survive validation so the gateway can pass them
// through to OpenAI-compatible upstreams that understand them (e.g. `cache_control`, `name`).

export const TextPartSchema = z.looseObject({ type: z.literal("text"), text: z.string() });

export const ImageUrlPartSchema = z.looseObject({
  type: z.literal("image_url"),
  image_url: z.looseObject({
    url: z.string(),
    detail: z.enum(["auto", "low", "high"]).optional(),
  }),
});

export const InputAudioPartSchema = z.looseObject({
  type: z.literal("input_audio"),
  input_audio: z.looseObject({ data: z.string(), format: z.string() }),
});

export const FilePartSchema = z.looseObject({
  type: z.literal("file"),
  file: z.looseObject({
    filename: z.string().optional(),
    file_data: z.string().optional(),
    file_id: z.string().optional(),
  }),
});

export const RefusalPartSchema = z.looseObject({ type: z.literal("refusal"), refusal: z.string() });

export const UserContentPartSchema = z.discriminatedUnion("type", [
  TextPartSchema,
  ImageUrlPartSchema,
  InputAudioPartSchema,
  FilePartSchema,
]);
export type UserContentPart = z.infer<typeof UserContentPartSchema>;

export const AssistantContentPartSchema = z.discriminatedUnion("type", [TextPartSchema, RefusalPartSchema]);

export const ToolCallSchema = z.looseObject({
  id: z.string(),
  type: z.literal("function"),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});
export type ToolCall = z.infer<typeof ToolCallSchema>;

const name = z.string().optional();

export const SystemMessageSchema = z.looseObject({
  role: z.literal("system"),
  content: z.union([z.string(), z.array(TextPartSchema)]),
  name,
});

export const DeveloperMessageSchema = z.looseObject({
  role: z.literal("developer"),
  content: z.union([z.string(), z.array(TextPartSchema)]),
  name,
});

export const UserMessageSchema = z.looseObject({
  role: z.literal("user"),
  content: z.union([z.string(), z.array(UserContentPartSchema)]),
  name,
});

export const AssistantMessageSchema = z.looseObject({
  role: z.literal("assistant"),
  content: z.union([z.string(), z.array(AssistantContentPartSchema)]).nullish(),
  refusal: z.string().nullish(),
  name,
  tool_calls: z.array(ToolCallSchema).optional(),
  function_call: z.looseObject({ name: z.string(), arguments: z.string() }).nullish(),
  audio: z.looseObject({ id: z.string() }).nullish(),
  // Extension: some reasoning upstreams (DeepSeek) accept their reasoning back on assistant turns.
  reasoning_content: z.string().nullish(),
});

export const ToolMessageSchema = z.looseObject({
  role: z.literal("tool"),
  content: z.union([z.string(), z.array(TextPartSchema)]),
  tool_call_id: z.string(),
});

export const FunctionMessageSchema = z.looseObject({
  role: z.literal("function"),
  content: z.string().nullable(),
  name: z.string(),
});

export const ChatMessageSchema = z.discriminatedUnion("role", [
  SystemMessageSchema,
  DeveloperMessageSchema,
  UserMessageSchema,
  AssistantMessageSchema,
  ToolMessageSchema,
  FunctionMessageSchema,
]);
export type ChatMessage = z.infer<typeof ChatMessageSchema>;
export type SystemMessage = z.infer<typeof SystemMessageSchema>;
export type DeveloperMessage = z.infer<typeof DeveloperMessageSchema>;
export type UserMessage = z.infer<typeof UserMessageSchema>;
export type AssistantMessage = z.infer<typeof AssistantMessageSchema>;
export type ToolMessage = z.infer<typeof ToolMessageSchema>;
