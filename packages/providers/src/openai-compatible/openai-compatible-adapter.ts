import type { ProviderAdapter } from "@switchboard/spec";
import { buildOpenAICompatibleChatRequest, buildOpenAICompatibleEmbeddingsRequest } from "./build-openai-compatible-request.js";
import { parseOpenAICompatibleError } from "./openai-compatible-error.js";
import { createOpenAICompatibleStreamDecoder } from "./openai-compatible-stream-decoder.js";
import { parseOpenAICompatibleChatResponse, parseOpenAICompatibleEmbeddingsResponse } from "./parse-openai-compatible-response.js";

/** OpenAI itself and every server that speaks its wire format (DeepSeek, Mistral, Groq, vLLM, Ollama...). */
export const openAICompatibleAdapter: ProviderAdapter = {
  kind: "openai-compatible",
  supportsEmbeddings: true,
  buildChatRequest: buildOpenAICompatibleChatRequest,
  parseChatResponse: parseOpenAICompatibleChatResponse,
  createChatStreamDecoder: createOpenAICompatibleStreamDecoder,
  buildEmbeddingsRequest: buildOpenAICompatibleEmbeddingsRequest,
  parseEmbeddingsResponse: parseOpenAICompatibleEmbeddingsResponse,
  parseError: parseOpenAICompatibleError,
};
