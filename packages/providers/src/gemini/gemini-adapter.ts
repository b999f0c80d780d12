import type { ProviderAdapter } from "@switchboard/spec";
import { buildGeminiChatRequest } from "./build-gemini-request.js";
import { buildGeminiEmbeddingsRequest, parseGeminiEmbeddingsResponse } from "./gemini-embeddings.js";
import { parseGeminiError } from "./gemini-error.js";
import { createGeminiStreamDecoder } from "./gemini-stream-decoder.js";
import { parseGeminiChatResponse } from "./parse-gemini-response.js";

/** Google Gemini API (generativelanguage.googleapis.com, `x-goog-api-key`). */
export const geminiAdapter: ProviderAdapter = {
  kind: "gemini",
  supportsEmbeddings: true,
  buildChatRequest: buildGeminiChatRequest,
  parseChatResponse: (body, target) => parseGeminiChatResponse(body, target.upstreamModel),
  createChatStreamDecoder: (_target, opts) => createGeminiStreamDecoder(opts),
  buildEmbeddingsRequest: buildGeminiEmbeddingsRequest,
  parseEmbeddingsResponse: (body, target, req) => parseGeminiEmbeddingsResponse(body, target.upstreamModel, req?.encoding_format),
  parseError: parseGeminiError,
};
