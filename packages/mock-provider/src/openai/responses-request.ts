import type { NeutralRequest, OutputFormat, ToolChoice, ToolSpec } from "../generate/plan.js";
import type { ErrorSpec } from "../server/endpoint.js";
import { contentText, reasoningFromEffort } from "./chat-request.js";
import { invalidParam } from "./openai-dialect.js";

/** The OpenAI Responses API request fields the mock acts on. */
export interface ResponsesRequest {
  neutral: NeutralRequest;
  stream: boolean;
  body: Record<string, unknown>;
  effort: string | null;
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function tools(raw: unknown): ToolSpec[] {
  if (!Array.isArray(raw)) return [];
  const out: ToolSpec[] = [];
  for (const t of raw) {
    if (isObj(t) && t.type === "function" && typeof t.name === "string") out.push({ name: t.name, schema: t.parameters ?? {} });
  }
  return out;
}

function toolChoice(raw: unknown): ToolChoice {
  if (raw === "none" || raw === "required" || raw === "auto") return { mode: raw };
  if (isObj(raw) && raw.type === "function" && typeof raw.name === "string") return { mode: "named", name: raw.name };
  return { mode: "auto" };
}

function format(text: unknown): OutputFormat {
  const f = isObj(text) ? text.format : undefined;
  if (!isObj(f)) return { type: "text" };
  if (f.type === "json_schema") return { type: "json_schema", schema: f.schema ?? {} };
  if (f.type === "json_object") return { type: "json_object" };
  return { type: "text" };
}

export function parseResponsesRequest(body: Obj): ResponsesRequest | ErrorSpec {
  if (typeof body.model !== "string" || body.model === "") return invalidParam("model", "Missing required parameter: 'model'.", "missing_required_parameter");
  let promptChars = typeof body.instructions === "string" ? body.instructions.length : 0;
  let lastUserText = "";
  let lastIsToolResult = false;
  if (typeof body.input === "string") {
    promptChars += body.input.length;
    lastUserText = body.input;
  } else if (Array.isArray(body.input)) {
    for (const item of body.input) {
      if (!isObj(item)) continue;
      const text = item.type === "function_call_output" ? String(item.output ?? "") : contentText(item.content);
      promptChars += text.length;
      lastIsToolResult = item.type === "function_call_output";
      if (item.role === "user") lastUserText = text;
    }
  } else {
    return invalidParam("input", "Missing required parameter: 'input'.", "missing_required_parameter");
  }
  const effort = isObj(body.reasoning) && typeof body.reasoning.effort === "string" ? body.reasoning.effort : null;
  return {
    neutral: {
      model: body.model,
      promptChars,
      lastUserText,
      lastIsToolResult,
      tools: tools(body.tools),
      toolChoice: toolChoice(body.tool_choice),
      format: format(body.text),
      reasoningTokens: reasoningFromEffort(effort),
      maxTokens: typeof body.max_output_tokens === "number" ? body.max_output_tokens : undefined,
    },
    stream: body.stream === true,
    body,
    effort,
  };
}
