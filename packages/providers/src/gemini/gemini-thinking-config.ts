import type { ReasoningEffort } from "@switchboard/spec";
import type { GeminiQuirks } from "./gemini-quirks.js";

export interface GeminiThinkingConfig {
  thinkingLevel?: "minimal" | "low" | "medium" | "high";
  thinkingBudget?: number;
  includeThoughts?: boolean;
}

type Level = NonNullable<GeminiThinkingConfig["thinkingLevel"]>;

/**
 * The reasoning_effort table from /work/shared/seeds (Gemini's OpenAI-compatibility docs):
 *
 * | effort  | 3.x Pro | 3.x Flash / Flash-Lite | 2.5 budget |
 * | minimal | low     | minimal                | 1024       |
 * | low     | low     | low                    | 1024       |
 * | medium  | medium  | medium                 | 8192       |
 * | high    | high    | high                   | 24576      |
 *
 * Beyond the table: xhigh/max → the highest rung; none → the lowest setting the model allows
 * (budget 0 on 2.5 Flash, 128 on 2.5 Pro which cannot switch thinking off; minimal/low on 3.x).
 */
const PRO_LEVEL: Record<ReasoningEffort, Level> = { none: "low", minimal: "low", low: "low", medium: "medium", high: "high", xhigh: "high", max: "high" };
const FLASH_LEVEL: Record<ReasoningEffort, Level> = { none: "minimal", minimal: "minimal", low: "low", medium: "medium", high: "high", xhigh: "high", max: "high" };
const BUDGET: Record<Exclude<ReasoningEffort, "none">, number> = { minimal: 1024, low: 1024, medium: 8192, high: 24576, xhigh: 24576, max: 24576 };

export function geminiThinkingConfig(effort: ReasoningEffort | null | undefined, model: string, q: GeminiQuirks): GeminiThinkingConfig | undefined {
  if (!effort) return undefined;
  const m = model.toLowerCase();
  const isPro = m.includes("pro");
  const style = q.thinking !== "auto" ? q.thinking : /gemini-[3-9]/.test(m) ? "level" : "budget";
  const include = q.includeThoughts && effort !== "none" ? { includeThoughts: true } : {};
  if (style === "level") return { thinkingLevel: (isPro ? PRO_LEVEL : FLASH_LEVEL)[effort], ...include };
  if (effort === "none") return { thinkingBudget: isPro ? 128 : 0 };
  return { thinkingBudget: BUDGET[effort], ...include };
}
