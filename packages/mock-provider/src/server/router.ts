import { countTokensEndpoint as anthropicCountTokens, messagesEndpoint } from "../anthropic/messages.js";
import { batchEmbedContentsEndpoint, embedContentEndpoint } from "../gemini/embed-content.js";
import { countTokensEndpoint as geminiCountTokens, generateContentEndpoint, streamGenerateContentEndpoint } from "../gemini/generate-content.js";
import { chatCompletionsEndpoint } from "../openai/chat-completions.js";
import { embeddingsEndpoint } from "../openai/embeddings.js";
import { legacyCompletionsEndpoint } from "../openai/legacy-completions.js";
import { listModelsEndpoint, retrieveModelEndpoint } from "../openai/models.js";
import { responsesEndpoint } from "../openai/responses.js";
import type { Endpoint } from "./endpoint.js";

const EXACT = new Map<string, Endpoint>([
  ["POST /v1/chat/completions", chatCompletionsEndpoint],
  ["POST /v1/completions", legacyCompletionsEndpoint],
  ["POST /v1/embeddings", embeddingsEndpoint],
  ["POST /v1/responses", responsesEndpoint],
  ["GET /v1/models", listModelsEndpoint],
  ["POST /v1/messages", messagesEndpoint],
  ["POST /v1/messages/count_tokens", anthropicCountTokens],
]);

const GEMINI_METHODS = new Map<string, Endpoint>([
  ["generateContent", generateContentEndpoint],
  ["streamGenerateContent", streamGenerateContentEndpoint],
  ["embedContent", embedContentEndpoint],
  ["batchEmbedContents", batchEmbedContentsEndpoint],
  ["countTokens", geminiCountTokens],
]);

const GEMINI_PREFIXES = ["/v1beta/models/", "/v1/models/"];

export interface RouteMatch {
  endpoint: Endpoint;
  /** Model named in the path (Gemini, GET /v1/models/{id}). */
  pathModel?: string;
}

export function matchRoute(method: string, path: string): RouteMatch | undefined {
  const exact = EXACT.get(`${method} ${path}`);
  if (exact) return { endpoint: exact };
  for (const prefix of GEMINI_PREFIXES) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const colon = rest.lastIndexOf(":");
    if (colon < 0) {
      if (method === "GET" && prefix === "/v1/models/" && rest) return { endpoint: retrieveModelEndpoint, pathModel: decodeURIComponent(rest) };
      return undefined;
    }
    const endpoint = method === "POST" ? GEMINI_METHODS.get(rest.slice(colon + 1)) : undefined;
    return endpoint ? { endpoint, pathModel: decodeURIComponent(rest.slice(0, colon)) } : undefined;
  }
  return undefined;
}
