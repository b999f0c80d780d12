import type { ChatCompletionRequest, UpstreamRequest, UpstreamTarget } from "@switchboard/spec";
import { joinUrl } from "../http/retry-after.js";
import { cleanGeminiJsonSchema } from "./clean-gemini-json-schema.js";
import { convertToGeminiContents } from "./convert-to-gemini-contents.js";
import { readGeminiQuirks } from "./gemini-quirks.js";
import { geminiThinkingConfig } from "./gemini-thinking-config.js";

function toolConfig(choice: ChatCompletionRequest["tool_choice"]): Record<string, unknown> | undefined {
  if (choice === undefined) return undefined;
  if (choice === "auto") return { functionCallingConfig: { mode: "AUTO" } };
  if (choice === "none") return { functionCallingConfig: { mode: "NONE" } };
  if (choice === "required") return { functionCallingConfig: { mode: "ANY" } };
  return { functionCallingConfig: { mode: "ANY", allowedFunctionNames: [choice.function.name] } };
}

export function geminiModelUrl(target: UpstreamTarget, method: string): string {
  const q = readGeminiQuirks(target.quirks);
  return joinUrl(target.baseUrl, `/${q.apiVersion}/models/${encodeURIComponent(target.upstreamModel)}:${method}`);
}

export function geminiHeaders(target: UpstreamTarget, stream: boolean): Record<string, string> {
  return {
    "content-type": "application/json",
    accept: stream ? "text/event-stream" : "application/json",
    "x-goog-api-key": target.apiKey,
    ...target.headers,
  };
}

/**
 * Chat request → generateContent. `parallel_tool_calls` has no Gemini switch and is ignored;
 * `logit_bias`, `logprobs` and `user` have no equivalent either.
 */
export function buildGeminiChatRequest(req: ChatCompletionRequest, target: UpstreamTarget): UpstreamRequest {
  const q = readGeminiQuirks(target.quirks);
  const body: Record<string, unknown> = convertToGeminiContents(req.messages, /gemini-[3-9]/i.test(target.upstreamModel));
  if (req.tools && req.tools.length > 0) {
    body.tools = [
      {
        functionDeclarations: req.tools.map((t) => ({
          name: t.function.name,
          ...(t.function.description ? { description: t.function.description } : {}),
          ...(t.function.parameters ? { parameters: cleanGeminiJsonSchema(t.function.parameters) } : {}),
        })),
      },
    ];
  }
  const tc = toolConfig(req.tool_choice);
  if (tc && req.tools && req.tools.length > 0) body.toolConfig = tc;

  const gen: Record<string, unknown> = {};
  if (req.temperature != null) gen.temperature = req.temperature;
  if (req.top_p != null) gen.topP = req.top_p;
  const max = req.max_completion_tokens ?? req.max_tokens;
  if (max != null) gen.maxOutputTokens = max;
  if (req.stop != null) gen.stopSequences = typeof req.stop === "string" ? [req.stop] : req.stop;
  if (req.n != null && req.n > 1) gen.candidateCount = req.n;
  if (req.seed != null) gen.seed = req.seed;
  if (req.presence_penalty != null) gen.presencePenalty = req.presence_penalty;
  if (req.frequency_penalty != null) gen.frequencyPenalty = req.frequency_penalty;
  const rf = req.response_format;
  if (rf?.type === "json_object") gen.responseMimeType = "application/json";
  else if (rf?.type === "json_schema") {
    gen.responseMimeType = "application/json";
    const schema = rf.json_schema.schema ?? { type: "object" };
    if (q.jsonSchemaField === "responseJsonSchema") gen.responseJsonSchema = schema;
    else gen.responseSchema = cleanGeminiJsonSchema(schema);
  }
  const thinking = geminiThinkingConfig(req.reasoning_effort, target.upstreamModel, q);
  if (thinking) gen.thinkingConfig = thinking;
  if (Object.keys(gen).length > 0) body.generationConfig = gen;

  const stream = req.stream === true;
  const url = stream ? `${geminiModelUrl(target, "streamGenerateContent")}?alt=sse` : geminiModelUrl(target, "generateContent");
  return { url, method: "POST", headers: geminiHeaders(target, stream), body: JSON.stringify(body) };
}
