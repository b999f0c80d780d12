import type { ReasoningEffort } from "@switchboard/spec";

/**
 * reasoning_effort → extended-thinking budget_tokens. 1024 is Anthropic's minimum budget;
 * the higher rungs follow the Gemini 2.5 budgets in the shared reasoning-effort table so the same
 * effort costs roughly the same thinking on both. "none" turns thinking off.
 */
export const DEFAULT_THINKING_BUDGETS: Record<Exclude<ReasoningEffort, "none">, number> = {
  minimal: 1024,
  low: 1024,
  medium: 8192,
  high: 24576,
  xhigh: 32768,
  max: 65536,
};

export interface ThinkingPlan {
  thinking?: { type: "enabled"; budget_tokens: number };
  maxTokens: number;
}

/**
 * Anthropic counts thinking inside max_tokens and requires budget_tokens < max_tokens. When the
 * client capped output (OpenAI semantics: the cap includes reasoning) the budget shrinks to fit;
 * when it did not, max_tokens grows to budget + the default answer allowance.
 */
export function planThinking(
  effort: ReasoningEffort | null | undefined,
  clientMax: number | undefined,
  defaultMax: number,
  budgets: Record<string, number> | undefined,
): ThinkingPlan {
  if (!effort || effort === "none") return { maxTokens: clientMax ?? defaultMax };
  const budget = budgets?.[effort] ?? DEFAULT_THINKING_BUDGETS[effort];
  if (clientMax === undefined) return { thinking: { type: "enabled", budget_tokens: budget }, maxTokens: budget + defaultMax };
  const fitted = Math.min(budget, clientMax - 1);
  if (fitted < 1024) return { maxTokens: clientMax };
  return { thinking: { type: "enabled", budget_tokens: fitted }, maxTokens: clientMax };
}
