import { chatChunkToCompletionChunk, chatToCompletion, completionsToChat, parseCompletionRequest } from "@switchboard/spec";
import type { AppContext } from "../context.js";
import { GatewayError } from "../http/errors.js";
import type { RequestCtx } from "../http/request-ctx.js";
import { chatRenderer } from "./chat-completions.js";
import { runChat, type ChatRenderer } from "./chat-pipeline.js";

/** Legacy /v1/completions served on chat upstreams. */
const completionsRenderer: ChatRenderer = {
  complete: (c) => chatToCompletion(c),
  chunk: (sse, c) => sse.data(JSON.stringify(chatChunkToCompletionChunk(c))),
  finish: (sse, usage, meta) => {
    if (usage) sse.data(JSON.stringify({ id: meta.id, object: "text_completion", created: meta.created, model: meta.model, choices: [], usage }));
    sse.data("[DONE]");
  },
  fail: chatRenderer.fail,
};

export async function handleCompletions(ctx: AppContext, rc: RequestCtx, body: unknown): Promise<void> {
  const parsed = parseCompletionRequest(body);
  if (!parsed.ok) throw new GatewayError(400, parsed.error.error.message, "invalid_request_error", parsed.error.error.code, parsed.error.error.param);
  await runChat(ctx, rc, completionsToChat(parsed.value), completionsRenderer);
}
