import { z } from "zod";

export const EmbeddingsRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([
    z.string(),
    z.array(z.string()).min(1),
    z.array(z.number().int()).min(1),
    z.array(z.array(z.number().int()).min(1)).min(1),
  ]),
  encoding_format: z.enum(["float", "base64"]).optional(),
  dimensions: z.number().int().min(1).optional(),
  user: z.string().optional(),
});
export type EmbeddingsRequest = z.infer<typeof EmbeddingsRequestSchema>;

export const EmbeddingSchema = z.looseObject({
  object: z.literal("embedding"),
  index: z.number().int(),
  // base64 encoding returns the little-endian float32 buffer as a string.
  embedding: z.union([z.array(z.number()), z.string()]),
});
export type Embedding = z.infer<typeof EmbeddingSchema>;

export const EmbeddingsResponseSchema = z.looseObject({
  object: z.literal("list"),
  data: z.array(EmbeddingSchema),
  model: z.string(),
  usage: z.looseObject({
    prompt_tokens: z.number().int().nonnegative(),
    total_tokens: z.number().int().nonnegative(),
  }),
});
export type EmbeddingsResponse = z.infer<typeof EmbeddingsResponseSchema>;
