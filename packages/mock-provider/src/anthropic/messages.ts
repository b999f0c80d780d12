import { base62, fnv1a } from "../generate/hash.js";
import { newId } from "../generate/ids.js";
import { buildPlan, type FinishReason, type Plan } from "../generate/plan.js";
import { groupTokens, promptTokensFromChars } from "../generate/tokens.js";
import type { Endpoint, EndpointContext } from "../server/endpoint.js";
import { JSON_HEADERS, afterDelay, generationDelay, sendBody, sendJson, statusRecorder } from "../server/respond.js";
import { playStream, SSE_HEADERS, type Frame } from "../stream/stream-player.js";
import { anthropicDialect } from "./anthropic-dialect.js";
import { parseMessagesRequest, type MessagesRequest } from "./messages-request.js";

// POST /v1/messages: a real-shaped Message, or named SSE events message_start,
// content_block_start, ping, content_block_delta, content_block_stop, message_delta,
// message_stop (no [DONE]).

const STOP_REASON: Record<FinishReason, string> = {
  stop: "end_turn",
  length: "max_tokens",
  tool_calls: "tool_use",
  content_filter: "refusal",
};

const GARBAGE = 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":\n\n';

type Obj = Record<string, unknown>;

/** A stable fake signature for a thinking block (real ones are opaque base64). */
function signatureFor(thinking: string): string {
  return "Er" + base62(fnv1a(thinking), 94) + "==";
}

function inputTokens(plan: Plan): number {
  // Anthropic's input_tokens excludes tokens read from or written to the cache.
  return Math.max(0, plan.promptTokens - plan.cachedTokens - plan.cacheWriteTokens);
}

function startUsage(plan: Plan): Obj {
  return {
    input_tokens: inputTokens(plan),
    cache_creation_input_tokens: plan.cacheWriteTokens,
    cache_read_input_tokens: plan.cachedTokens,
    cache_creation: { ephemeral_5m_input_tokens: plan.cacheWriteTokens, ephemeral_1h_input_tokens: 0 },
    output_tokens: 1,
    service_tier: "standard",
  };
}

function parseArgs(args: string): unknown {
  try {
    return JSON.parse(args);
  } catch {
    return {};
  }
}

function contentBlocks(plan: Plan): Obj[] {
  const blocks: Obj[] = [];
  if (plan.reasoning.length > 0) {
    const thinking = plan.reasoning.join("");
    blocks.push({ type: "thinking", thinking, signature: signatureFor(thinking) });
  }
  if (plan.text.length > 0 || (plan.toolCalls.length === 0 && plan.finish !== "content_filter")) {
    blocks.push({ type: "text", text: plan.text.join("") });
  }
  for (const call of plan.toolCalls) blocks.push({ type: "tool_use", id: call.id, name: call.name, input: parseArgs(call.args) });
  return blocks;
}

function message(model: string, id: string, plan: Plan): Obj {
  return {
    model,
    id,
    type: "message",
    role: "assistant",
    content: contentBlocks(plan),
    stop_reason: STOP_REASON[plan.finish],
    stop_sequence: null,
    usage: { ...startUsage(plan), output_tokens: plan.completionTokens },
  };
}

function streamFrames(ctx: EndpointContext, model: string, id: string, plan: Plan): Frame[] {
  const frames: Frame[] = [];
  const emit = (type: string, fields: Obj, tokens = 0, terminal = false) => {
    frames.push({ data: `event: ${type}\ndata: ${JSON.stringify({ type, ...fields })}\n\n`, tokens, terminal });
  };
  const chunks = ctx.knobs.chunks;
  emit("message_start", {
    message: { model, id, type: "message", role: "assistant", content: [], stop_reason: null, stop_sequence: null, usage: startUsage(plan) },
  });
  let index = 0;
  const startBlock = (block: Obj) => {
    emit("content_block_start", { index, content_block: block });
    if (index === 0) emit("ping", {});
  };
  if (plan.reasoning.length > 0) {
    startBlock({ type: "thinking", thinking: "", signature: "" });
    for (const g of groupTokens(plan.reasoning, chunks)) emit("content_block_delta", { index, delta: { type: "thinking_delta", thinking: g.text } }, g.tokens);
    emit("content_block_delta", { index, delta: { type: "signature_delta", signature: signatureFor(plan.reasoning.join("")) } });
    emit("content_block_stop", { index });
    index++;
  }
  if (plan.text.length > 0 || (plan.toolCalls.length === 0 && plan.finish !== "content_filter")) {
    startBlock({ type: "text", text: "" });
    for (const g of groupTokens(plan.text, chunks)) emit("content_block_delta", { index, delta: { type: "text_delta", text: g.text } }, g.tokens);
    emit("content_block_stop", { index });
    index++;
  }
  for (const call of plan.toolCalls) {
    startBlock({ type: "tool_use", id: call.id, name: call.name, input: {} });
    // The real API opens every tool_use block with an empty partial_json.
    emit("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: "" } });
    for (const g of groupTokens(call.argTokens, chunks)) {
      emit("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: g.text } }, g.tokens);
    }
    emit("content_block_stop", { index });
    index++;
  }
  emit("message_delta", {
    delta: { stop_reason: STOP_REASON[plan.finish], stop_sequence: null },
    usage: {
      input_tokens: inputTokens(plan),
      cache_creation_input_tokens: plan.cacheWriteTokens,
      cache_read_input_tokens: plan.cachedTokens,
      output_tokens: plan.completionTokens,
    },
  });
  emit("message_stop", {}, 0, true);
  return frames;
}

function respond(ctx: EndpointContext, m: MessagesRequest): void {
  const plan = buildPlan(m.neutral, ctx.knobs, { defaultTokens: ctx.settings.defaultTokens, toolIdPrefix: "toolu_01", toolIdLength: 22 });
  const id = newId("msg_01", 22);
  if (m.stream) {
    const frames = streamFrames(ctx, m.neutral.model, id, plan);
    playStream(ctx.res, { frames, garbage: GARBAGE, headers: SSE_HEADERS, onStatus: statusRecorder(ctx.record) }, ctx.knobs);
    return;
  }
  const body = JSON.stringify(message(m.neutral.model, id, plan));
  afterDelay(ctx.res, generationDelay(ctx.knobs, plan.completionTokens), () => sendBody(ctx.res, 200, JSON_HEADERS, body, ctx.knobs, ctx.record));
}

export const messagesEndpoint: Endpoint = {
  dialect: anthropicDialect,
  inspect(body) {
    const m = parseMessagesRequest(body);
    if ("status" in m) return m;
    return { model: m.neutral.model, directiveText: m.neutral.lastUserText, stream: m.stream, neutral: m.neutral, respond: (ctx) => respond(ctx, m) };
  },
};

/** POST /v1/messages/count_tokens: the same prompt-token rule as the usage figures. */
export const countTokensEndpoint: Endpoint = {
  dialect: anthropicDialect,
  inspect(body) {
    const m = parseMessagesRequest(body, false);
    if ("status" in m) return m;
    return {
      model: m.neutral.model,
      directiveText: m.neutral.lastUserText,
      stream: false,
      neutral: m.neutral,
      respond: (ctx) => {
        if (ctx.record) ctx.record.status = 200;
        sendJson(ctx.res, 200, { input_tokens: promptTokensFromChars(m.neutral.promptChars) });
      },
    };
  },
};
