import type { z } from "zod";
import type { ErrorEnvelope } from "../errors/error-envelope.js";
import { zodErrorToOpenAIError } from "../errors/zod-error-to-openai-error.js";
import { ChatCompletionRequestSchema, type ChatCompletionRequest } from "../chat/chat-request.js";
import { CompletionRequestSchema, type CompletionRequest } from "../completions/completions-schemas.js";
import { EmbeddingsRequestSchema, type EmbeddingsRequest } from "../embeddings/embeddings-schemas.js";
import { ResponsesRequestSchema, type ResponsesRequest } from "../responses/responses-request.js";
import { isPlainChatRequest } from "./plain-chat-request.js";

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ErrorEnvelope };

function parser<T>(schema: z.ZodType<T>): (json: unknown) => ParseResult<T> {
  return (json) => {
    if (json === null || typeof json !== "object" || Array.isArray(json)) {
      return {
        ok: false,
        error: { error: { message: "The request body must be a JSON object.", type: "invalid_request_error", param: null, code: null } },
      };
    }
    const r = schema.safeParse(json);
    return r.success ? { ok: true, value: r.data } : { ok: false, error: zodErrorToOpenAIError(r.error) };
  };
}

const parseChatWithSchema = parser(ChatCompletionRequestSchema);
/** The common text-only request skips zod (see plain-chat-request.ts); everything else is validated by the schema. */
export const parseChatCompletionRequest = (json: unknown): ParseResult<ChatCompletionRequest> =>
  isPlainChatRequest(json) ? { ok: true, value: json } : parseChatWithSchema(json);
export const parseCompletionRequest: (json: unknown) => ParseResult<CompletionRequest> = parser(CompletionRequestSchema);
export const parseEmbeddingsRequest: (json: unknown) => ParseResult<EmbeddingsRequest> = parser(EmbeddingsRequestSchema);
export const parseResponsesRequest: (json: unknown) => ParseResult<ResponsesRequest> = parser(ResponsesRequestSchema);
