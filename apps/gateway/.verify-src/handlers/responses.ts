import { chatToResponse, createResponsesStreamEncoder, parseResponsesRequest, responsesRequestToChat, type ResponseStreamEvent } from "@switchboard/spec";
import type { AppContext } from "../context.js";
import { GatewayError } from "../http/errors.js";
import { randomId } from "../http/ids.js";
import type { RequestCtx } from "../http/request-ctx.js";
import type { SseWriter } from "../http/sse.js";
import { runChat, type ChatRenderer } from "./chat-pipeline.js";

/** The Responses API on any chat upstream: translated request, semantic stream events (`event:` named). */
export async function handleResponses(ctx: AppContext, rc: RequestCtx, body: unknown): Promise<void> {
  const parsed = parseResponsesRequest(body);
  if (!parsed.ok) throw new GatewayError(400, parsed.error.error.message, "invalid_request_error", parsed.error.error.code, parsed.error.error.param);
  const req = parsed.value;
  const responseId = `resp_${randomId(24)}`;
  const encoder = createResponsesStreamEncoder(req, { responseId, createdAt: Math.floor(Date.now() / 1000) });
  let started = false;
  const emit = (sse: SseWriter, events: ResponseStreamEvent[]) => {
    for (const e of events) sse.event(e.type, JSON.stringify(e));
  };
  const ensureStarted = (sse: SseWriter) => {
    if (started) return;
    started = true;
    emit(sse, encoder.start());
  };
  const renderer: ChatRenderer = {
    complete: (c) => chatToResponse(c, req, responseId),
    chunk: (sse, c) => {
      ensureStarted(sse);
      emit(sse, encoder.push(c));
    },
    finish: (sse, usage) => {
      ensureStarted(sse);
      if (usage) encoder.setUsage(usage);
      emit(sse, encoder.finish());
    },
    fail: (sse, error) => {
      ensureStarted(sse);
      emit(sse, encoder.fail({ code: error.code ?? "upstream_error", message: error.message }));
    },
  };
  const chatReq = responsesRequestToChat(req);
  // The encoder needs usage for response.completed, so always ask for it internally.
  if (chatReq.stream) chatReq.stream_options = { ...chatReq.stream_options, include_usage: true };
  await runChat(ctx, rc, chatReq, renderer);
}
