import { DEFAULT_REASONING_TOKENS, type NeutralRequest, type OutputFormat, type ToolChoice, type ToolSpec } from "../generate/plan.js";
import type { ErrorSpec } from "../server/endpoint.js";
import { anthropicInvalid } from "./anthropic-dialect.js";

/** The Anthropic Messages request fields the mock acts on. */
export interface MessagesRequest {
  neutral: NeutralRequest;
  stream: boolean;
  /** Thinking was requested: thinking blocks are emitted. */
  thinking: boolean;
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Text of a content value: a string, or text / tool_result blocks. */
function blocksText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  let out = "";
  for (const block of content) {
    if (!isObj(block)) continue;
    const text = block.type === "tool_result" ? blocksText(block.content) : typeof block.text === "string" ? block.text : "";
    if (text) out += out ? "\n" + text : text;
  }
  return out;
}

function userText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .filter((b): b is Obj => isObj(b) && b.type === "text" && typeof b.text === "string")
    .map((b) => b.text as string)
    .join("\n");
}

function tools(raw: unknown): ToolSpec[] {
  if (!Array.isArray(raw)) return [];
  const out: ToolSpec[] = [];
  for (const t of raw) {
    if (isObj(t) && typeof t.name === "string" && t.input_schema !== undefined) out.push({ name: t.name, schema: t.input_schema });
  }
  return out;
}

function toolChoice(raw: unknown): ToolChoice {
  if (!isObj(raw)) return { mode: "auto" };
  if (raw.type === "none") return { mode: "none" };
  if (raw.type === "any") return { mode: "required" };
  if (raw.type === "tool" && typeof raw.name === "string") return { mode: "named", name: raw.name };
  return { mode: "auto" };
}

function format(body: Obj): OutputFormat {
  const f = isObj(body.output_format) ? body.output_format : isObj(body.output_config) ? body.output_config.format : undefined;
  if (isObj(f) && f.type === "json_schema") return { type: "json_schema", schema: f.schema ?? {} };
  return { type: "text" };
}

function thinkingTokens(raw: unknown): number {
  if (!isObj(raw) || raw.type === "disabled") return 0;
  const budget = typeof raw.budget_tokens === "number" ? raw.budget_tokens : DEFAULT_REASONING_TOKENS;
  return Math.min(DEFAULT_REASONING_TOKENS, budget);
}

export function parseMessagesRequest(body: Obj, requireMaxTokens = true): MessagesRequest | ErrorSpec {
  if (typeof body.model !== "string" || body.model === "") return anthropicInvalid("model: Field required");
  if (requireMaxTokens && typeof body.max_tokens !== "number") return anthropicInvalid("max_tokens: Field required");
  if (!Array.isArray(body.messages)) return anthropicInvalid("messages: Field required");
  let promptChars = blocksText(body.system).length;
  let lastUserText = "";
  let lastIsToolResult = false;
  for (const m of body.messages) {
    if (!isObj(m)) continue;
    promptChars += blocksText(m.content).length;
    lastIsToolResult = m.role === "user" && Array.isArray(m.content) && m.content.some((b) => isObj(b) && b.type === "tool_result");
    if (m.role === "user") lastUserText = userText(m.content);
  }
  const reasoning = thinkingTokens(body.thinking);
  return {
    neutral: {
      model: body.model,
      promptChars,
      lastUserText,
      lastIsToolResult,
      tools: tools(body.tools),
      toolChoice: toolChoice(body.tool_choice),
      format: format(body),
      reasoningTokens: reasoning,
      maxTokens: typeof body.max_tokens === "number" ? body.max_tokens : undefined,
    },
    stream: body.stream === true,
    thinking: reasoning > 0,
  };
}
