import { z } from "zod";
import { ResponseContentPartSchema, ResponseObjectSchema, ResponseOutputItemSchema } from "./response-object.js";

const seq = { sequence_number: z.number().int().nonnegative() };
const at = { item_id: z.string(), output_index: z.number().int().nonnegative() };
const part = { ...at, content_index: z.number().int().nonnegative() };
const summary = { ...at, summary_index: z.number().int().nonnegative() };
const summaryPart = z.looseObject({ type: z.literal("summary_text"), text: z.string() });

const lifecycle = <T extends string>(type: T) => z.looseObject({ type: z.literal(type), ...seq, response: ResponseObjectSchema });

export const ResponseStreamEventSchema = z.discriminatedUnion("type", [
  lifecycle("response.created"),
  lifecycle("response.in_progress"),
  lifecycle("response.completed"),
  lifecycle("response.failed"),
  lifecycle("response.incomplete"),
  z.looseObject({ type: z.literal("response.output_item.added"), ...seq, output_index: at.output_index, item: ResponseOutputItemSchema }),
  z.looseObject({ type: z.literal("response.output_item.done"), ...seq, output_index: at.output_index, item: ResponseOutputItemSchema }),
  z.looseObject({ type: z.literal("response.content_part.added"), ...seq, ...part, part: ResponseContentPartSchema }),
  z.looseObject({ type: z.literal("response.content_part.done"), ...seq, ...part, part: ResponseContentPartSchema }),
  z.looseObject({ type: z.literal("response.output_text.delta"), ...seq, ...part, delta: z.string(), logprobs: z.array(z.unknown()) }),
  z.looseObject({ type: z.literal("response.output_text.done"), ...seq, ...part, text: z.string(), logprobs: z.array(z.unknown()) }),
  z.looseObject({ type: z.literal("response.refusal.delta"), ...seq, ...part, delta: z.string() }),
  z.looseObject({ type: z.literal("response.refusal.done"), ...seq, ...part, refusal: z.string() }),
  z.looseObject({ type: z.literal("response.function_call_arguments.delta"), ...seq, ...at, delta: z.string() }),
  z.looseObject({ type: z.literal("response.function_call_arguments.done"), ...seq, ...at, arguments: z.string(), name: z.string().optional() }),
  z.looseObject({ type: z.literal("response.reasoning_summary_part.added"), ...seq, ...summary, part: summaryPart }),
  z.looseObject({ type: z.literal("response.reasoning_summary_part.done"), ...seq, ...summary, part: summaryPart }),
  z.looseObject({ type: z.literal("response.reasoning_summary_text.delta"), ...seq, ...summary, delta: z.string() }),
  z.looseObject({ type: z.literal("response.reasoning_summary_text.done"), ...seq, ...summary, text: z.string() }),
  z.looseObject({ type: z.literal("error"), ...seq, code: z.string().nullable(), message: z.string(), param: z.string().nullable() }),
]);
export type ResponseStreamEvent = z.infer<typeof ResponseStreamEventSchema>;
