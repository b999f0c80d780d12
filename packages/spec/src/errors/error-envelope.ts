import { z } from "zod";

export const OpenAIErrorSchema = z.looseObject({
  message: z.string(),
  type: z.string(),
  param: z.string().nullable(),
  code: z.string().nullable(),
});
export type OpenAIError = z.infer<typeof OpenAIErrorSchema>;

export const ErrorEnvelopeSchema = z.looseObject({ error: OpenAIErrorSchema });
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

export function errorEnvelope(
  message: string,
  type: string,
  param: string | null = null,
  code: string | null = null,
): ErrorEnvelope {
  return { error: { message, type, param, code } };
}
