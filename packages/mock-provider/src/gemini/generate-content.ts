import { newId } from "../generate/ids.js";
import { buildPlan, type FinishReason, type Plan } from "../generate/plan.js";
import { groupTokens, promptTokensFromChars } from "../generate/tokens.js";
import type { Endpoint, EndpointContext } from "../server/endpoint.js";
import { JSON_HEADERS, afterDelay, generationDelay, sendBody, sendJson, statusRecorder } from "../server/respond.js";
import { playStream, SSE_HEADERS, type Frame } from "../stream/stream-player.js";
import { parseGenerateRequest, type GenerateRequest } from "./generate-request.js";
import { geminiDialect } from "./gemini-dialect.js";

// POST /v1beta/models/{model}:generateContent and :streamGenerateContent. With ?alt=sse the
// stream is unnamed `data: {...}` events separated by CRLF CRLF, each a full
// GenerateContentResponse with cumulative usageMetadata; finishReason only on the last; no
// [DONE]. Without alt=sse the chunks come as one JSON array, as the real API does.

const FINISH: Record<FinishReason, string> = {
  stop: "STOP",
  tool_calls: "STOP",
  length: "MAX_TOKENS",
  content_filter: "SAFETY",
};

const SAFETY_RATINGS = [
  { category: "HARM_CATEGORY_HATE_SPEECH", probability: "NEGLIGIBLE" },
  { category: "HARM_CATEGORY_DANGEROUS_CONTENT", probability: "HIGH", blocked: true },
  { category: "HARM_CATEGORY_HARASSMENT", probability: "NEGLIGIBLE" },
  { category: "HARM_CATEGORY_SEXUALLY_EXPLICIT", probability: "NEGLIGIBLE" },
];

const GARBAGE = 'data: {"candidates": [{"content": {"parts": [{"text": \r\n\r\n';

type Obj = Record<string, unknown>;

function usageMetadata(plan: Plan, candidates: number, thoughts: number): Obj {
  const usage: Obj = { promptTokenCount: plan.promptTokens };
  if (candidates > 0) usage.candidatesTokenCount = candidates;
  usage.totalTokenCount = plan.promptTokens + candidates + thoughts;
  usage.promptTokensDetails = [{ modality: "TEXT", tokenCount: plan.promptTokens }];
  if (plan.cachedTokens > 0) {
    usage.cachedContentTokenCount = plan.cachedTokens;
    usage.cacheTokensDetails = [{ modality: "TEXT", tokenCount: plan.cachedTokens }];
  }
  if (thoughts > 0) usage.thoughtsTokenCount = thoughts;
  return usage;
}

function callParts(plan: Plan): Obj[] {
  return plan.toolCalls.map((call) => {
    let args: unknown = {};
    try {
      args = JSON.parse(call.args);
    } catch {
      // Arguments cut by maxOutputTokens: Gemini never returns partial JSON, so send none.
    }
    return { functionCall: { name: call.name, args } };
  });
}

function candidate(parts: Obj[], finish: FinishReason | undefined): Obj {
  const c: Obj = { content: { parts, role: "model" } };
  if (finish) {
    c.finishReason = FINISH[finish];
    if (finish === "content_filter") c.safetyRatings = SAFETY_RATINGS;
  }
  c.index = 0;
  return c;
}

function fullResponse(g: GenerateRequest, plan: Plan, responseId: string): Obj {
  const parts: Obj[] = [];
  if (g.includeThoughts && plan.reasoning.length > 0) parts.push({ text: plan.reasoning.join(""), thought: true });
  if (plan.text.length > 0 || plan.toolCalls.length === 0) parts.push({ text: plan.text.join("") });
  parts.push(...callParts(plan));
  return {
    candidates: [candidate(parts, plan.finish)],
    usageMetadata: usageMetadata(plan, plan.outputTokens, plan.reasoningTokens),
    modelVersion: g.neutral.model,
    responseId,
  };
}

/** The stream as a list of GenerateContentResponse objects (+ tokens each, + is-terminal). */
function streamChunks(ctx: EndpointContext, g: GenerateRequest, plan: Plan, responseId: string): Array<{ value: Obj; tokens: number; terminal: boolean }> {
  const out: Array<{ value: Obj; tokens: number; terminal: boolean }> = [];
  const visibleThoughts = g.includeThoughts && plan.reasoning.length > 0;
  let thoughts = visibleThoughts ? 0 : plan.reasoningTokens;
  let candidates = 0;
  const push = (parts: Obj[], tokens: number, finish?: FinishReason) => {
    out.push({
      value: {
        candidates: [candidate(parts, finish)],
        usageMetadata: usageMetadata(plan, candidates, thoughts),
        modelVersion: g.neutral.model,
        responseId,
      },
      tokens,
      terminal: finish !== undefined,
    });
  };
  if (visibleThoughts) {
    for (const group of groupTokens(plan.reasoning, ctx.knobs.chunks)) {
      thoughts += group.tokens;
      push([{ text: group.text, thought: true }], group.tokens);
    }
  }
  for (const group of groupTokens(plan.text, ctx.knobs.chunks)) {
    candidates += group.tokens;
    push([{ text: group.text }], group.tokens);
  }
  callParts(plan).forEach((part, i) => {
    // Gemini streams each function call whole, never as argument fragments.
    const tokens = plan.toolCalls[i]?.argTokens.length ?? 0;
    candidates += tokens;
    push([part], tokens);
  });
  push([{ text: "" }], 0, plan.finish);
  return out;
}

function respond(ctx: EndpointContext, g: GenerateRequest, stream: boolean, sse: boolean): void {
  const plan = buildPlan(g.neutral, ctx.knobs, { defaultTokens: ctx.settings.defaultTokens, toolIdPrefix: "call_", toolIdLength: 24 });
  const responseId = newId("", 23);
  if (!stream) {
    const body = JSON.stringify(fullResponse(g, plan, responseId));
    afterDelay(ctx.res, generationDelay(ctx.knobs, plan.completionTokens), () => sendBody(ctx.res, 200, JSON_HEADERS, body, ctx.knobs, ctx.record));
    return;
  }
  const chunks = streamChunks(ctx, g, plan, responseId);
  if (!sse) {
    const kept = ctx.knobs.fault === "no_done" ? chunks.filter((c) => !c.terminal) : chunks;
    const body = "[" + kept.map((c) => JSON.stringify(c.value)).join(",\r\n") + "]";
    afterDelay(ctx.res, generationDelay(ctx.knobs, plan.completionTokens), () => sendBody(ctx.res, 200, JSON_HEADERS, body, ctx.knobs, ctx.record));
    return;
  }
  const frames: Frame[] = chunks.map((c) => ({ data: `data: ${JSON.stringify(c.value)}\r\n\r\n`, tokens: c.tokens, terminal: c.terminal }));
  playStream(ctx.res, { frames, garbage: GARBAGE, headers: SSE_HEADERS, onStatus: statusRecorder(ctx.record) }, ctx.knobs);
}

export const generateContentEndpoint: Endpoint = {
  dialect: geminiDialect,
  inspect(body, pathModel) {
    const g = parseGenerateRequest(body, pathModel ?? "");
    if ("status" in g) return g;
    return { model: g.neutral.model, directiveText: g.neutral.lastUserText, stream: false, neutral: g.neutral, respond: (ctx) => respond(ctx, g, false, false) };
  },
};

export const streamGenerateContentEndpoint: Endpoint = {
  dialect: geminiDialect,
  inspect(body, pathModel, query) {
    const g = parseGenerateRequest(body, pathModel ?? "");
    if ("status" in g) return g;
    const sse = query?.get("alt") === "sse";
    return { model: g.neutral.model, directiveText: g.neutral.lastUserText, stream: true, neutral: g.neutral, respond: (ctx) => respond(ctx, g, true, sse) };
  },
};

/** :countTokens, with the same prompt-token rule as usageMetadata. */
export const countTokensEndpoint: Endpoint = {
  dialect: geminiDialect,
  inspect(body, pathModel) {
    // countTokens accepts either contents or a whole generateContentRequest.
    const inner = typeof body.generateContentRequest === "object" && body.generateContentRequest !== null ? (body.generateContentRequest as Obj) : body;
    const g = parseGenerateRequest(inner, pathModel ?? "");
    if ("status" in g) return g;
    const tokens = promptTokensFromChars(g.neutral.promptChars);
    return {
      model: g.neutral.model,
      directiveText: g.neutral.lastUserText,
      stream: false,
      respond: (ctx) => {
        if (ctx.record) ctx.record.status = 200;
        sendJson(ctx.res, 200, { totalTokens: tokens, promptTokensDetails: [{ modality: "TEXT", tokenCount: tokens }] });
      },
    };
  },
};
