import { z } from "zod";
import { AnthropicUsageSchema } from "./anthropic-usage.js";

// Content blocks we translate; any other block type (server tools, citations...) is tolerated and skipped.
const TextBlock = z.looseObject({ type: z.literal("text"), text: z.string() });
const ThinkingBlock = z.looseObject({ type: z.literal("thinking"), thinking: z.string(), signature: z.string().optional() });
const RedactedThinkingBlock = z.looseObject({ type: z.literal("redacted_thinking") });
const ToolUseBlock = z.looseObject({ type: z.literal("tool_use"), id: z.string(), name: z.string(), input: z.unknown() });
const OtherBlock = z.looseObject({ type: z.string() });

export const AnthropicContentBlockSchema = z.union([TextBlock, ThinkingBlock, RedactedThinkingBlock, ToolUseBlock, OtherBlock]);
export type AnthropicResponseBlock = z.infer<typeof AnthropicContentBlockSchema>;

export const AnthropicMessageSchema = z.looseObject({
  id: z.string(),
  type: z.literal("message"),
  role: z.literal("assistant"),
  model: z.string(),
  content: z.array(AnthropicContentBlockSchema),
  stop_reason: z.string().nullable(),
  stop_sequence: z.string().nullish(),
  usage: AnthropicUsageSchema,
});
export type AnthropicMessageResponse = z.infer<typeof AnthropicMessageSchema>;

export const AnthropicErrorBodySchema = z.looseObject({
  type: z.literal("error").optional(),
  error: z.looseObject({ type: z.string(), message: z.string() }),
  request_id: z.string().nullish(),
});

export const AnthropicStreamEventSchema = z.discriminatedUnion("type", [
  z.looseObject({
    type: z.literal("message_start"),
    message: z.looseObject({ id: z.string(), model: z.string(), usage: AnthropicUsageSchema }),
  }),
  z.looseObject({ type: z.literal("content_block_start"), index: z.number().int(), content_block: AnthropicContentBlockSchema }),
  z.looseObject({
    type: z.literal("content_block_delta"),
    index: z.number().int(),
    delta: z.discriminatedUnion("type", [
      z.looseObject({ type: z.literal("text_delta"), text: z.string() }),
      z.looseObject({ type: z.literal("input_json_delta"), partial_json: z.string() }),
      z.looseObject({ type: z.literal("thinking_delta"), thinking: z.string() }),
      z.looseObject({ type: z.literal("signature_delta"), signature: z.string() }),
      z.looseObject({ type: z.literal("citations_delta") }),
    ]),
  }),
  z.looseObject({ type: z.literal("content_block_stop"), index: z.number().int() }),
  z.looseObject({
    type: z.literal("message_delta"),
    delta: z.looseObject({ stop_reason: z.string().nullish(), stop_sequence: z.string().nullish() }),
    usage: AnthropicUsageSchema.nullish(),
  }),
  z.looseObject({ type: z.literal("message_stop") }),
  z.looseObject({ type: z.literal("ping") }),
  z.looseObject({ type: z.literal("error"), error: z.looseObject({ type: z.string(), message: z.string() }) }),
]);
export type AnthropicStreamEvent = z.infer<typeof AnthropicStreamEventSchema>;
