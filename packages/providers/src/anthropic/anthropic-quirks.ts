import { z } from "zod";

export const AnthropicQuirksSchema = z.object({
  /** Anthropic requires max_tokens; used when the client sets neither max_tokens nor max_completion_tokens. */
  defaultMaxTokens: z.number().int().positive().default(4096),
  /**
   * How `response_format: json_schema` is honoured. "output_config" is the native structured
   * output (`output_config.format`, GA); "tool" forces a synthetic tool whose input is the answer,
   * for models or proxies without native support.
   */
  structuredOutput: z.enum(["output_config", "tool"]).default("output_config"),
  anthropicVersion: z.string().default("2023-06-01"),
  /** Override of the reasoning_effort → thinking budget_tokens table. */
  thinkingBudgets: z.record(z.string(), z.number().int().min(1024)).optional(),
});
export type AnthropicQuirks = z.infer<typeof AnthropicQuirksSchema>;

const cache = new WeakMap<object, AnthropicQuirks>();
const DEFAULTS = AnthropicQuirksSchema.parse({});

export function readAnthropicQuirks(quirks: Record<string, unknown> | undefined): AnthropicQuirks {
  if (!quirks) return DEFAULTS;
  let q = cache.get(quirks);
  if (!q) {
    q = AnthropicQuirksSchema.parse(quirks);
    cache.set(quirks, q);
  }
  return q;
}

/** Name of the synthetic tool used by the "tool" structured-output fallback; its input becomes the text answer. */
export const STRUCTURED_OUTPUT_TOOL = "switchboard_structured_output";
