import { EFFORT_TOKENS, type NeutralRequest, type OutputFormat, type ToolChoice, type ToolSpec } from "../generate/plan.js";
import type { ErrorSpec } from "../server/endpoint.js";
import { invalidParam } from "./openai-dialect.js";

/** The OpenAI Chat Completions request fields the mock acts on. */
export interface ChatRequest {
  neutral: NeutralRequest;
  stream: boolean;
  includeUsage: boolean;
  n: number;
  logprobs: boolean;
  topLogprobs: number;
  seed?: number;
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Text of an OpenAI message content: a string or an array of parts with `text`. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  let out = "";
  for (const part of content) {
    if (isObj(part) && typeof part.text === "string") out += out ? "\n" + part.text : part.text;
  }
  return out;
}

function tools(body: Obj): ToolSpec[] {
  if (!Array.isArray(body.tools)) return [];
  const out: ToolSpec[] = [];
  for (const t of body.tools) {
    if (!isObj(t) || !isObj(t.function) || typeof t.function.name !== "string") continue;
    out.push({ name: t.function.name, schema: t.function.parameters ?? {} });
  }
  return out;
}

function toolChoice(raw: unknown): ToolChoice {
  if (raw === "none" || raw === "required" || raw === "auto") return { mode: raw };
  if (isObj(raw) && isObj(raw.function) && typeof raw.function.name === "string") {
    return { mode: "named", name: raw.function.name };
  }
  return { mode: "auto" };
}

function format(raw: unknown): OutputFormat {
  if (!isObj(raw)) return { type: "text" };
  if (raw.type === "json_object") return { type: "json_object" };
  if (raw.type === "json_schema" && isObj(raw.json_schema)) return { type: "json_schema", schema: raw.json_schema.schema ?? {} };
  return { type: "text" };
}

export function reasoningFromEffort(effort: unknown): number {
  return typeof effort === "string" ? (EFFORT_TOKENS[effort] ?? 0) : 0;
}

export function parseChatRequest(body: Obj): ChatRequest | ErrorSpec {
  if (typeof body.model !== "string" || body.model === "") {
    return invalidParam("model", "you must provide a model parameter");
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return invalidParam("messages", "Missing required parameter: 'messages'.", "missing_required_parameter");
  }
  let promptChars = 0;
  let lastUserText = "";
  let lastRole = "";
  for (const m of body.messages) {
    if (!isObj(m)) continue;
    const text = contentText(m.content);
    promptChars += text.length;
    lastRole = typeof m.role === "string" ? m.role : "";
    if (lastRole === "user") lastUserText = text;
  }
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  const streamOptions = isObj(body.stream_options) ? body.stream_options : {};
  const effort = body.reasoning_effort ?? (isObj(body.reasoning) ? body.reasoning.effort : undefined);
  return {
    neutral: {
      model: body.model,
      promptChars,
      lastUserText,
      lastIsToolResult: lastRole === "tool" || lastRole === "function",
      tools: tools(body),
      toolChoice: toolChoice(body.tool_choice),
      format: format(body.response_format),
      reasoningTokens: reasoningFromEffort(effort),
      maxTokens: typeof maxTokens === "number" ? maxTokens : undefined,
    },
    stream: body.stream === true,
    includeUsage: streamOptions.include_usage === true,
    n: typeof body.n === "number" && body.n > 1 ? Math.min(Math.floor(body.n), 128) : 1,
    logprobs: body.logprobs === true,
    topLogprobs: typeof body.top_logprobs === "number" ? Math.min(Math.floor(body.top_logprobs), 20) : 0,
    seed: typeof body.seed === "number" ? body.seed : undefined,
  };
}
