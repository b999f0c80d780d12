import { z } from "zod";
import { GeminiUsageSchema } from "./gemini-usage.js";

export const GeminiPartSchema = z.looseObject({
  text: z.string().optional(),
  thought: z.boolean().optional(),
  thoughtSignature: z.string().optional(),
  functionCall: z.looseObject({ name: z.string(), args: z.record(z.string(), z.unknown()).nullish(), id: z.string().nullish() }).optional(),
});
export type GeminiPart = z.infer<typeof GeminiPartSchema>;

export const GeminiCandidateSchema = z.looseObject({
  content: z.looseObject({ parts: z.array(GeminiPartSchema).nullish(), role: z.string().nullish() }).nullish(),
  finishReason: z.string().nullish(),
  index: z.number().int().nullish(),
});

export const GeminiResponseSchema = z.looseObject({
  candidates: z.array(GeminiCandidateSchema).nullish(),
  promptFeedback: z.looseObject({ blockReason: z.string().nullish() }).nullish(),
  usageMetadata: GeminiUsageSchema.nullish(),
  modelVersion: z.string().nullish(),
  responseId: z.string().nullish(),
});
export type GeminiResponse = z.infer<typeof GeminiResponseSchema>;

export const GeminiErrorBodySchema = z.looseObject({
  error: z.looseObject({
    code: z.number().int().nullish(),
    message: z.string(),
    status: z.string().nullish(),
    details: z.array(z.looseObject({ "@type": z.string().optional(), retryDelay: z.string().optional() })).nullish(),
  }),
});

export const GeminiBatchEmbedResponseSchema = z.looseObject({
  embeddings: z.array(z.looseObject({ values: z.array(z.number()) })),
});
