import { z } from "zod";

/** Operator-configured differences between OpenAI-compatible upstreams. */
export const OpenAICompatibleQuirksSchema = z.object({
  /**
   * Where the upstream puts visible reasoning: DeepSeek/SGLang use `reasoning_content`, vLLM ≥0.10,
   * OpenRouter and Groq use `reasoning`. "auto" accepts either. Mapped to canonical `reasoning_content`.
   */
  reasoningField: z.enum(["reasoning_content", "reasoning", "auto"]).default("auto"),
  /** Older servers (and some Azure/Mistral deployments) only know `max_tokens`. */
  renameMaxCompletionTokens: z.boolean().default(false),
  /** Some servers reject `stream_options`; then usage arrives only if the server sends it unasked. */
  supportsStreamOptions: z.boolean().default(true),
});
export type OpenAICompatibleQuirks = z.infer<typeof OpenAICompatibleQuirksSchema>;

const cache = new WeakMap<object, OpenAICompatibleQuirks>();
const DEFAULTS = OpenAICompatibleQuirksSchema.parse({});

/** Validated once per quirks object: targets are long-lived config, requests are hot. */
export function readQuirks(quirks: Record<string, unknown> | undefined): OpenAICompatibleQuirks {
  if (!quirks) return DEFAULTS;
  let q = cache.get(quirks);
  if (!q) {
    q = OpenAICompatibleQuirksSchema.parse(quirks);
    cache.set(quirks, q);
  }
  return q;
}
