import { z } from "zod";

export const GeminiQuirksSchema = z.object({
  /**
   * How reasoning_effort is expressed: Gemini 3 takes `thinkingLevel`, Gemini 2.5 `thinkingBudget`.
   * "auto" decides from the upstream model name.
   */
  thinking: z.enum(["auto", "level", "budget"]).default("auto"),
  /** Ask for thought summaries so they come back as reasoning_content. */
  includeThoughts: z.boolean().default(true),
  /** `responseJsonSchema` takes full JSON Schema; `responseSchema` only Gemini's OpenAPI subset (cleaned). */
  jsonSchemaField: z.enum(["responseJsonSchema", "responseSchema"]).default("responseJsonSchema"),
  apiVersion: z.string().default("v1beta"),
});
export type GeminiQuirks = z.infer<typeof GeminiQuirksSchema>;

const cache = new WeakMap<object, GeminiQuirks>();
const DEFAULTS = GeminiQuirksSchema.parse({});

export function readGeminiQuirks(quirks: Record<string, unknown> | undefined): GeminiQuirks {
  if (!quirks) return DEFAULTS;
  let q = cache.get(quirks);
  if (!q) {
    q = GeminiQuirksSchema.parse(quirks);
    cache.set(quirks, q);
  }
  return q;
}
