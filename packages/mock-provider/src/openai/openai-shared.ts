import { fnv1a } from "../generate/hash.js";
import type { FinishReason, Plan } from "../generate/plan.js";

// Pieces shared by the OpenAI chat, legacy completions and Responses renderers.

export const FINISH_REASON: Record<FinishReason, string> = {
  stop: "stop",
  length: "length",
  tool_calls: "tool_calls",
  content_filter: "content_filter",
};

/** OpenAI echoes the request seed's effect through the fingerprint; the mock makes it visible. */
export function systemFingerprint(seed: number | undefined): string {
  return seed === undefined ? "fp_mock" : `fp_mock_${seed}`;
}

export function chatUsage(plans: readonly Plan[]): Record<string, unknown> {
  const first = plans[0] as Plan;
  let completion = 0;
  let reasoning = 0;
  for (const p of plans) {
    completion += p.completionTokens;
    reasoning += p.reasoningTokens;
  }
  return {
    prompt_tokens: first.promptTokens,
    completion_tokens: completion,
    total_tokens: first.promptTokens + completion,
    prompt_tokens_details: { cached_tokens: first.cachedTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

const ALTERNATIVES = [" the", " a", " and", " of", " to", " in", " is", " it", " that", " for"];

/** A deterministic log-probability in (-2, 0] for a token at a position. */
export function logprobOf(token: string, position: number): number {
  return -((fnv1a(token, position + 1) % 2000) / 1000);
}

function bytesOf(token: string): number[] {
  return Array.from(Buffer.from(token, "utf8"));
}

export interface TokenLogprob {
  token: string;
  logprob: number;
  bytes: number[];
  top_logprobs: Array<{ token: string; logprob: number; bytes: number[] }>;
}

/** Chat-style logprobs entries for `tokens` starting at `offset` in the reply. */
export function chatLogprobs(tokens: readonly string[], offset: number, top: number): TokenLogprob[] {
  return tokens.map((token, i) => {
    const logprob = logprobOf(token, offset + i);
    const alts = [{ token, logprob, bytes: bytesOf(token) }];
    for (let k = 1; k < top; k++) {
      const alt = ALTERNATIVES[(k - 1) % ALTERNATIVES.length] as string;
      alts.push({ token: alt, logprob: logprob - k, bytes: bytesOf(alt) });
    }
    return { token, logprob, bytes: bytesOf(token), top_logprobs: alts.slice(0, top) };
  });
}
