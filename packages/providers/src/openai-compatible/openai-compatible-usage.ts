import type { Usage } from "@switchboard/spec";
import type { UpstreamUsage } from "./openai-compatible-schemas.js";

// Compatible servers send `null` for details they do not track; canonical details are numbers or absent.
function numbersOnly(obj: Record<string, unknown> | null | undefined): Record<string, number> | undefined {
  if (!obj) return undefined;
  const out: Record<string, number> = {};
  let any = false;
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === "number") {
      out[k] = v;
      any = true;
    }
  }
  return any ? out : undefined;
}

/** OpenAI's usage already has canonical semantics; only fill gaps (DeepSeek cache hits, missing totals, nulls). */
export function normalizeOpenAICompatibleUsage(u: UpstreamUsage): Usage {
  const { prompt_tokens_details, completion_tokens_details, ...rest } = u;
  const prompt = u.prompt_tokens ?? 0;
  const completion = u.completion_tokens ?? 0;
  const out: Usage = { ...rest, prompt_tokens: prompt, completion_tokens: completion, total_tokens: u.total_tokens ?? prompt + completion };
  const promptDetails = numbersOnly(prompt_tokens_details);
  const cached = promptDetails?.cached_tokens ?? u.prompt_cache_hit_tokens;
  if (promptDetails || (cached !== undefined && cached !== null)) {
    out.prompt_tokens_details = { ...promptDetails, ...(cached !== undefined && cached !== null ? { cached_tokens: cached } : {}) };
  }
  const completionDetails = numbersOnly(completion_tokens_details);
  if (completionDetails) out.completion_tokens_details = completionDetails;
  return out;
}
