import { parseChatCompletionRequest } from "@switchboard/spec";
import type { AppContext } from "../context.js";
import { GatewayError } from "../http/errors.js";
import { readJsonBody } from "../http/read-body.js";
import type { RequestCtx } from "../http/request-ctx.js";
import { runChat, type ChatRenderer } from "./chat-pipeline.js";

/** OpenAI Chat Completions rendering: chunks as `data:` frames, optional usage chunk, `[DONE]`. */
export const chatRenderer: ChatRenderer = {
  complete: (c) => c,
  chunk: (sse, c) => sse.data(JSON.stringify(c)),
  finish: (sse, usage, meta) => {
    if (usage) sse.data(JSON.stringify({ id: meta.id, object: "chat.completion.chunk", created: meta.created, model: meta.model, choices: [], usage }));
    sse.data("[DONE]");
  },
  // openai-node raises an APIError for a data frame carrying `error`.
  fail: (sse, error) => sse.data(JSON.stringify({ error: { message: error.message, type: error.type, param: null, code: error.code } })),
};

export async function handleChatCompletions(ctx: AppContext, rc: RequestCtx, body: unknown): Promise<void> {
  const parsed = parseChatCompletionRequest(body);
  if (!parsed.ok) throw new GatewayError(400, parsed.error.error.message, "invalid_request_error", parsed.error.error.code, parsed.error.error.param);
  await runChat(ctx, rc, parsed.value, chatRenderer);
}

export { readJsonBody };
