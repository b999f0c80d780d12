import { newId } from "../generate/ids.js";
import { buildPlan, type Plan } from "../generate/plan.js";
import { groupTokens } from "../generate/tokens.js";
import type { Endpoint, EndpointContext } from "../server/endpoint.js";
import { isErrorSpec } from "../server/endpoint.js";
import { JSON_HEADERS, afterDelay, generationDelay, sendBody, statusRecorder } from "../server/respond.js";
import { playStream, SSE_HEADERS, type Frame } from "../stream/stream-player.js";
import { type ChatRequest, parseChatRequest } from "./chat-request.js";
import { openaiDialect } from "./openai-dialect.js";
import { chatLogprobs, chatUsage, FINISH_REASON, systemFingerprint } from "./openai-shared.js";

// POST /v1/chat/completions: non-stream body and `data: {chunk}\n\n ... data: [DONE]\n\n` stream.

const DONE: Frame = { data: "data: [DONE]\n\n", tokens: 0, terminal: true };
const GARBAGE = 'data: {"id":"chatcmpl-garbage","object":"chat.completion.chunk","choices":[{"delta":{"content":\n\n';

function plansFor(ctx: EndpointContext, chat: ChatRequest): Plan[] {
  const plans: Plan[] = [];
  for (let i = 0; i < chat.n; i++) {
    plans.push(
      buildPlan(chat.neutral, ctx.knobs, {
        defaultTokens: ctx.settings.defaultTokens,
        toolIdPrefix: "call_",
        toolIdLength: 24,
        choice: i,
      }),
    );
  }
  return plans;
}

function message(plan: Plan): Record<string, unknown> {
  const msg: Record<string, unknown> = {
    role: "assistant",
    content: plan.toolCalls.length > 0 && plan.text.length === 0 ? null : plan.text.join(""),
    refusal: null,
    annotations: [],
  };
  if (plan.toolCalls.length > 0) {
    msg.tool_calls = plan.toolCalls.map((c) => ({
      id: c.id,
      type: "function",
      function: { name: c.name, arguments: c.args },
    }));
  }
  return msg;
}

function nonStream(ctx: EndpointContext, chat: ChatRequest, plans: Plan[]): string {
  return JSON.stringify({
    id: newId("chatcmpl-", 29),
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: chat.neutral.model,
    choices: plans.map((plan, index) => ({
      index,
      message: message(plan),
      logprobs: chat.logprobs ? { content: chatLogprobs(plan.text, 0, chat.topLogprobs), refusal: null } : null,
      finish_reason: FINISH_REASON[plan.finish],
    })),
    usage: chatUsage(plans),
    service_tier: "default",
    system_fingerprint: systemFingerprint(chat.seed),
  });
}

function streamFrames(ctx: EndpointContext, chat: ChatRequest, plans: Plan[]): Frame[] {
  // Every chunk shares the same envelope, serialised once per stream.
  const head =
    `data: {"id":"${newId("chatcmpl-", 29)}","object":"chat.completion.chunk","created":${Math.floor(Date.now() / 1000)},` +
    `"model":${JSON.stringify(chat.neutral.model)},"service_tier":"default",` +
    `"system_fingerprint":${JSON.stringify(systemFingerprint(chat.seed))},"choices":[`;
  const tail = chat.includeUsage ? '],"usage":null}\n\n' : "]}\n\n";
  const frame = (choice: unknown, tokens: number): Frame => ({ data: head + JSON.stringify(choice) + tail, tokens });
  const choiceChunk = (index: number, delta: unknown, logprobs: unknown = null, finish: string | null = null) => ({
    index,
    delta,
    logprobs,
    finish_reason: finish,
  });

  const perChoice: Frame[][] = plans.map((plan, index) => {
    const frames: Frame[] = [];
    const toolsOnly = plan.toolCalls.length > 0;
    frames.push(frame(choiceChunk(index, { role: "assistant", content: toolsOnly ? null : "", refusal: null }), 0));
    let offset = 0;
    for (const group of groupTokens(plan.text, ctx.knobs.chunks)) {
      const logprobs = chat.logprobs
        ? { content: chatLogprobs(plan.text.slice(offset, offset + group.tokens), offset, chat.topLogprobs), refusal: null }
        : null;
      offset += group.tokens;
      frames.push(frame(choiceChunk(index, { content: group.text }, logprobs), group.tokens));
    }
    plan.toolCalls.forEach((call, callIndex) => {
      const start = { index: callIndex, id: call.id, type: "function", function: { name: call.name, arguments: "" } };
      frames.push(frame(choiceChunk(index, { tool_calls: [start] }), 0));
      for (const group of groupTokens(call.argTokens, ctx.knobs.chunks)) {
        const delta = { tool_calls: [{ index: callIndex, function: { arguments: group.text } }] };
        frames.push(frame(choiceChunk(index, delta), group.tokens));
      }
    });
    frames.push(frame(choiceChunk(index, {}, null, FINISH_REASON[plan.finish]), 0));
    return frames;
  });

  // n > 1: choices interleave chunk by chunk, as the real API sends them.
  const frames: Frame[] = [];
  const longest = Math.max(...perChoice.map((f) => f.length));
  for (let i = 0; i < longest; i++) {
    for (const list of perChoice) {
      const f = list[i];
      if (f) frames.push(f);
    }
  }
  if (chat.includeUsage) frames.push({ data: `${head}],"usage":${JSON.stringify(chatUsage(plans))}}\n\n`, tokens: 0 });
  frames.push(DONE);
  return frames;
}

function respond(ctx: EndpointContext, chat: ChatRequest): void {
  const plans = plansFor(ctx, chat);
  if (chat.stream) {
    const frames = streamFrames(ctx, chat, plans);
    playStream(ctx.res, { frames, garbage: GARBAGE, headers: SSE_HEADERS, onStatus: statusRecorder(ctx.record) }, ctx.knobs);
    return;
  }
  const tokens = plans.reduce((sum, p) => sum + p.completionTokens, 0);
  const body = nonStream(ctx, chat, plans);
  afterDelay(ctx.res, generationDelay(ctx.knobs, tokens), () => sendBody(ctx.res, 200, JSON_HEADERS, body, ctx.knobs, ctx.record));
}

export const chatCompletionsEndpoint: Endpoint = {
  dialect: openaiDialect,
  inspect(body) {
    const chat = parseChatRequest(body);
    if (isErrorSpec(chat)) return chat;
    return {
      model: chat.neutral.model,
      directiveText: chat.neutral.lastUserText,
      stream: chat.stream,
      neutral: chat.neutral,
      respond: (ctx) => respond(ctx, chat),
    };
  },
};
