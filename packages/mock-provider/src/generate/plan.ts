import type { Knobs } from "../knobs/knobs.js";
import { newId } from "./ids.js";
import { minimalInstance } from "./json-instance.js";
import { reasoningWordTokens, replyWordTokens } from "./reply-text.js";
import { promptTokensFromChars, sliceTokens } from "./tokens.js";

// Every wire format is rendered from one provider-neutral Plan, so token counts, truncation and
// tool-call decisions are identical whichever API a test goes through.

export interface ToolSpec {
  name: string;
  schema: unknown;
}

export type ToolChoice = { mode: "auto" | "none" | "required" } | { mode: "named"; name: string };

export type OutputFormat = { type: "text" } | { type: "json_object" } | { type: "json_schema"; schema: unknown };

/** What a dialect's request parser extracts from a request body. */
export interface NeutralRequest {
  model: string;
  /** Characters of all text sent (messages, system prompt); drives prompt token counts. */
  promptChars: number;
  lastUserText: string;
  /** The conversation ends with a tool result: an "auto" model answers in text instead of calling again. */
  lastIsToolResult: boolean;
  tools: ToolSpec[];
  toolChoice: ToolChoice;
  format: OutputFormat;
  /** Reasoning tokens the request's reasoning/thinking parameters ask for (0 = none). */
  reasoningTokens: number;
  maxTokens?: number;
}

export interface PlannedToolCall {
  id: string;
  name: string;
  /** Arguments JSON text (truncated, hence invalid, when cut by max tokens). */
  args: string;
  argTokens: string[];
}

export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter";

export interface Plan {
  reasoning: string[];
  text: string[];
  toolCalls: PlannedToolCall[];
  finish: FinishReason;
  promptTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  /** Visible output tokens: text plus tool-call arguments. */
  outputTokens: number;
  /** outputTokens + reasoningTokens. */
  completionTokens: number;
}

export interface PlanOptions {
  /** Reply length in word tokens when no `tokens` knob is set. */
  defaultTokens: number;
  toolIdPrefix: string;
  toolIdLength: number;
  /** n-th choice (OpenAI `n`), varies filler words. */
  choice?: number;
}

/** Reasoning tokens the mock reports per OpenAI-style effort level. */
export const EFFORT_TOKENS: Record<string, number> = { none: 0, minimal: 4, low: 8, medium: 16, high: 32, xhigh: 64 };
export const DEFAULT_REASONING_TOKENS = 16;

const JSON_OBJECT_REPLY = '{"result":"mock"}';

function take(tokens: string[], budget: { left: number }): { kept: string[]; cut: boolean } {
  if (tokens.length <= budget.left) {
    budget.left -= tokens.length;
    return { kept: tokens, cut: false };
  }
  const kept = tokens.slice(0, budget.left);
  budget.left = 0;
  return { kept, cut: true };
}

function chooseTool(req: NeutralRequest): ToolSpec | undefined {
  if (req.tools.length === 0 || req.toolChoice.mode === "none") return undefined;
  if (req.toolChoice.mode === "auto" && req.lastIsToolResult) return undefined;
  const choice = req.toolChoice;
  if (choice.mode === "named") return req.tools.find((t) => t.name === choice.name) ?? req.tools[0];
  return req.tools[0];
}

function textTokens(req: NeutralRequest, knobs: Knobs, opts: PlanOptions): string[] {
  if (req.format.type === "json_schema") return sliceTokens(JSON.stringify(minimalInstance(req.format.schema)));
  if (req.format.type === "json_object") return sliceTokens(JSON_OBJECT_REPLY);
  let target = knobs.tokens ?? opts.defaultTokens;
  if (knobs.chunks !== undefined && knobs.chunks > target) target = knobs.chunks;
  return replyWordTokens(req.lastUserText, target, opts.choice ?? 0);
}

export function buildPlan(req: NeutralRequest, knobs: Knobs, opts: PlanOptions): Plan {
  const cachedTokens = knobs.cached ?? 0;
  const cacheWriteTokens = knobs.cacheWrite ?? 0;
  // Usage must stay self-consistent: a cache can never hold more than the prompt.
  const promptTokens = Math.max(promptTokensFromChars(req.promptChars), cachedTokens + cacheWriteTokens);
  const budget = { left: req.maxTokens ?? Number.MAX_SAFE_INTEGER };

  const reasoning = take(reasoningWordTokens(req.lastUserText, knobs.reasoning ?? req.reasoningTokens), budget);
  let cut = reasoning.cut;
  let text: string[] = [];
  const toolCalls: PlannedToolCall[] = [];
  const tool = knobs.error === "content_filter" ? undefined : chooseTool(req);

  if (tool) {
    const args = JSON.stringify(minimalInstance(tool.schema));
    const count = Math.max(1, knobs.tools ?? 1);
    for (let i = 0; i < count && !cut; i++) {
      const part = take(sliceTokens(args), budget);
      cut = part.cut;
      toolCalls.push({
        id: newId(opts.toolIdPrefix, opts.toolIdLength),
        name: tool.name,
        args: part.kept.join(""),
        argTokens: part.kept,
      });
    }
  } else if (!cut) {
    const all = textTokens(req, knobs, opts);
    // A content filter stops generation halfway through, as the real filters do mid-stream.
    const wanted = knobs.error === "content_filter" ? all.slice(0, Math.floor(all.length / 2)) : all;
    const part = take(wanted, budget);
    text = part.kept;
    cut = part.cut;
  }

  const outputTokens = text.length + toolCalls.reduce((sum, c) => sum + c.argTokens.length, 0);
  const finish: FinishReason = cut
    ? "length"
    : knobs.error === "content_filter"
      ? "content_filter"
      : toolCalls.length > 0
        ? "tool_calls"
        : "stop";
  return {
    reasoning: reasoning.kept,
    text,
    toolCalls,
    finish,
    promptTokens,
    cachedTokens,
    cacheWriteTokens,
    reasoningTokens: reasoning.kept.length,
    outputTokens,
    completionTokens: outputTokens + reasoning.kept.length,
  };
}
