import { newId } from "../generate/ids.js";
import { buildPlan, type Plan } from "../generate/plan.js";
import { groupTokens } from "../generate/tokens.js";
import type { Endpoint, EndpointContext } from "../server/endpoint.js";
import { JSON_HEADERS, afterDelay, generationDelay, sendBody, statusRecorder } from "../server/respond.js";
import { playStream, SSE_HEADERS, type Frame } from "../stream/stream-player.js";
import { openaiDialect } from "./openai-dialect.js";
import { parseResponsesRequest, type ResponsesRequest } from "./responses-request.js";

// POST /v1/responses: the native Responses API. Streams use named events
// (`event: <type>\ndata: {...}\n\n`) with a sequence_number, ending at response.completed or
// response.incomplete; there is no [DONE].

const GARBAGE = 'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":\n\n';

type Obj = Record<string, unknown>;

interface Items {
  reasoning?: Obj;
  message?: Obj;
  calls: Obj[];
}

function usage(plan: Plan) {
  return {
    input_tokens: plan.promptTokens,
    input_tokens_details: { cached_tokens: plan.cachedTokens },
    output_tokens: plan.completionTokens,
    output_tokens_details: { reasoning_tokens: plan.reasoningTokens },
    total_tokens: plan.promptTokens + plan.completionTokens,
  };
}

function outputText(text: string) {
  return { type: "output_text", annotations: [], logprobs: [], text };
}

function completedItems(plan: Plan): Items {
  const items: Items = { calls: [] };
  if (plan.reasoningTokens > 0) items.reasoning = { id: newId("rs_", 48), type: "reasoning", summary: [] };
  if (plan.toolCalls.length === 0) {
    items.message = {
      id: newId("msg_", 48),
      type: "message",
      status: plan.finish === "stop" ? "completed" : "incomplete",
      content: [outputText(plan.text.join(""))],
      role: "assistant",
    };
  }
  for (const call of plan.toolCalls) {
    items.calls.push({ id: newId("fc_", 48), type: "function_call", status: "completed", arguments: call.args, call_id: call.id, name: call.name });
  }
  return items;
}

function outputList(items: Items): Obj[] {
  const out: Obj[] = [];
  if (items.reasoning) out.push(items.reasoning);
  if (items.message) out.push(items.message);
  out.push(...items.calls);
  return out;
}

function responseObject(r: ResponsesRequest, id: string, createdAt: number, plan: Plan | undefined, items: Items | undefined): Obj {
  const body = r.body;
  const done = plan !== undefined;
  const incomplete = done && (plan.finish === "length" || plan.finish === "content_filter");
  return {
    id,
    object: "response",
    created_at: createdAt,
    status: !done ? "in_progress" : incomplete ? "incomplete" : "completed",
    background: false,
    error: null,
    incomplete_details: incomplete ? { reason: plan.finish === "length" ? "max_output_tokens" : "content_filter" } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: r.neutral.model,
    output: items ? outputList(items) : [],
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: r.effort, summary: null },
    service_tier: "default",
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: body.text ?? { format: { type: "text" } },
    tool_choice: body.tool_choice ?? "auto",
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: "disabled",
    usage: plan ? usage(plan) : null,
    user: null,
    metadata: body.metadata ?? {},
  };
}

function streamFrames(ctx: EndpointContext, r: ResponsesRequest, plan: Plan, id: string, createdAt: number): Frame[] {
  const frames: Frame[] = [];
  let seq = 0;
  const emit = (type: string, fields: Obj, tokens = 0, terminal = false) => {
    const data = JSON.stringify({ type, sequence_number: seq++, ...fields });
    frames.push({ data: `event: ${type}\ndata: ${data}\n\n`, tokens, terminal });
  };
  const items = completedItems(plan);
  emit("response.created", { response: responseObject(r, id, createdAt, undefined, undefined) });
  emit("response.in_progress", { response: responseObject(r, id, createdAt, undefined, undefined) });
  let outputIndex = 0;
  if (items.reasoning) {
    emit("response.output_item.added", { output_index: outputIndex, item: items.reasoning });
    emit("response.output_item.done", { output_index: outputIndex, item: items.reasoning }, plan.reasoningTokens);
    outputIndex++;
  }
  if (items.message) {
    const msg = items.message;
    const itemId = msg.id as string;
    const text = plan.text.join("");
    emit("response.output_item.added", { output_index: outputIndex, item: { ...msg, status: "in_progress", content: [] } });
    emit("response.content_part.added", { item_id: itemId, output_index: outputIndex, content_index: 0, part: outputText("") });
    for (const group of groupTokens(plan.text, ctx.knobs.chunks)) {
      emit("response.output_text.delta", { item_id: itemId, output_index: outputIndex, content_index: 0, delta: group.text, logprobs: [] }, group.tokens);
    }
    emit("response.output_text.done", { item_id: itemId, output_index: outputIndex, content_index: 0, text, logprobs: [] });
    emit("response.content_part.done", { item_id: itemId, output_index: outputIndex, content_index: 0, part: outputText(text) });
    emit("response.output_item.done", { output_index: outputIndex, item: msg });
    outputIndex++;
  }
  plan.toolCalls.forEach((call, i) => {
    const item = items.calls[i] as Obj;
    const itemId = item.id as string;
    emit("response.output_item.added", { output_index: outputIndex, item: { ...item, status: "in_progress", arguments: "" } });
    for (const group of groupTokens(call.argTokens, ctx.knobs.chunks)) {
      emit("response.function_call_arguments.delta", { item_id: itemId, output_index: outputIndex, delta: group.text }, group.tokens);
    }
    emit("response.function_call_arguments.done", { item_id: itemId, output_index: outputIndex, arguments: call.args });
    emit("response.output_item.done", { output_index: outputIndex, item });
    outputIndex++;
  });
  const final = responseObject(r, id, createdAt, plan, items);
  emit(final.status === "completed" ? "response.completed" : "response.incomplete", { response: final }, 0, true);
  return frames;
}

function respond(ctx: EndpointContext, r: ResponsesRequest): void {
  const plan = buildPlan(r.neutral, ctx.knobs, { defaultTokens: ctx.settings.defaultTokens, toolIdPrefix: "call_", toolIdLength: 24 });
  const id = newId("resp_", 48);
  const createdAt = Math.floor(Date.now() / 1000);
  if (r.stream) {
    const frames = streamFrames(ctx, r, plan, id, createdAt);
    playStream(ctx.res, { frames, garbage: GARBAGE, headers: SSE_HEADERS, onStatus: statusRecorder(ctx.record) }, ctx.knobs);
    return;
  }
  const body = JSON.stringify(responseObject(r, id, createdAt, plan, completedItems(plan)));
  afterDelay(ctx.res, generationDelay(ctx.knobs, plan.completionTokens), () => sendBody(ctx.res, 200, JSON_HEADERS, body, ctx.knobs, ctx.record));
}

export const responsesEndpoint: Endpoint = {
  dialect: openaiDialect,
  inspect(body) {
    const r = parseResponsesRequest(body);
    if ("status" in r) return r;
    return { model: r.neutral.model, directiveText: r.neutral.lastUserText, stream: r.stream, neutral: r.neutral, respond: (ctx) => respond(ctx, r) };
  },
};
