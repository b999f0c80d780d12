import type { ProviderAdapter } from "@switchboard/spec";
import { parseAnthropicError } from "./anthropic-error.js";
import { createAnthropicStreamDecoder } from "./anthropic-stream-decoder.js";
import { buildAnthropicChatRequest } from "./build-anthropic-request.js";
import { parseAnthropicChatResponse } from "./parse-anthropic-response.js";

/** Anthropic Messages API (`POST /v1/messages`). No embeddings endpoint exists. */
export const anthropicAdapter: ProviderAdapter = {
  kind: "anthropic",
  supportsEmbeddings: false,
  buildChatRequest: buildAnthropicChatRequest,
  parseChatResponse: (body) => parseAnthropicChatResponse(body),
  createChatStreamDecoder: (_target, opts) => createAnthropicStreamDecoder(opts),
  parseError: parseAnthropicError,
};
