import { DEFAULT_REASONING_TOKENS, type NeutralRequest, type OutputFormat, type ToolChoice, type ToolSpec } from "../generate/plan.js";
import type { ErrorSpec } from "../server/endpoint.js";
import { geminiInvalid } from "./gemini-dialect.js";

/** The Gemini generateContent request fields the mock acts on. */
export interface GenerateRequest {
  neutral: NeutralRequest;
  /** thinkingConfig.includeThoughts: thought parts are emitted (otherwise only counted). */
  includeThoughts: boolean;
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const LEVEL_TOKENS: Record<string, number> = { minimal: 4, low: 8, medium: 16, high: 32 };

export function partsText(content: unknown): string {
  if (!isObj(content) || !Array.isArray(content.parts)) return "";
  let out = "";
  for (const part of content.parts) {
    if (isObj(part) && typeof part.text === "string") out += out ? "\n" + part.text : part.text;
  }
  return out;
}

function tools(raw: unknown): ToolSpec[] {
  if (!Array.isArray(raw)) return [];
  const out: ToolSpec[] = [];
  for (const t of raw) {
    if (!isObj(t) || !Array.isArray(t.functionDeclarations)) continue;
    for (const f of t.functionDeclarations) {
      if (isObj(f) && typeof f.name === "string") out.push({ name: f.name, schema: f.parametersJsonSchema ?? f.parameters ?? {} });
    }
  }
  return out;
}

function toolChoice(raw: unknown): ToolChoice {
  const config = isObj(raw) && isObj(raw.functionCallingConfig) ? raw.functionCallingConfig : undefined;
  if (!config) return { mode: "auto" };
  if (config.mode === "NONE") return { mode: "none" };
  if (config.mode === "ANY" || config.mode === "VALIDATED") {
    const allowed = Array.isArray(config.allowedFunctionNames) ? config.allowedFunctionNames : [];
    return typeof allowed[0] === "string" ? { mode: "named", name: allowed[0] } : { mode: "required" };
  }
  return { mode: "auto" };
}

function format(config: Obj): OutputFormat {
  if (config.responseMimeType !== "application/json") return { type: "text" };
  const schema = config.responseJsonSchema ?? config.responseSchema;
  return schema !== undefined ? { type: "json_schema", schema } : { type: "json_object" };
}

function thinking(config: Obj): { tokens: number; include: boolean } {
  const t = config.thinkingConfig;
  if (!isObj(t)) return { tokens: 0, include: false };
  const include = t.includeThoughts === true;
  if (typeof t.thinkingLevel === "string") return { tokens: LEVEL_TOKENS[t.thinkingLevel.toLowerCase()] ?? DEFAULT_REASONING_TOKENS, include };
  if (typeof t.thinkingBudget === "number") {
    if (t.thinkingBudget === 0) return { tokens: 0, include: false };
    // -1 means a dynamic budget.
    return { tokens: t.thinkingBudget < 0 ? DEFAULT_REASONING_TOKENS : Math.min(DEFAULT_REASONING_TOKENS, t.thinkingBudget), include };
  }
  return { tokens: DEFAULT_REASONING_TOKENS, include };
}

export function parseGenerateRequest(body: Obj, model: string): GenerateRequest | ErrorSpec {
  if (!Array.isArray(body.contents)) return geminiInvalid("* GenerateContentRequest.contents: contents is not specified");
  let promptChars = partsText(body.systemInstruction ?? body.system_instruction).length;
  let lastUserText = "";
  let lastIsToolResult = false;
  for (const c of body.contents) {
    if (!isObj(c)) continue;
    const text = partsText(c);
    promptChars += text.length;
    lastIsToolResult = Array.isArray(c.parts) && c.parts.some((p) => isObj(p) && p.functionResponse !== undefined);
    if (c.role === undefined || c.role === "user") {
      if (text) lastUserText = text;
    }
  }
  const config = isObj(body.generationConfig) ? body.generationConfig : {};
  const think = thinking(config);
  return {
    neutral: {
      model,
      promptChars,
      lastUserText,
      lastIsToolResult,
      tools: tools(body.tools),
      toolChoice: toolChoice(body.toolConfig),
      format: format(config),
      reasoningTokens: think.tokens,
      maxTokens: typeof config.maxOutputTokens === "number" ? config.maxOutputTokens : undefined,
    },
    includeThoughts: think.include,
  };
}
