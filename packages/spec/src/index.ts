// Chat Completions
export * from "./chat/chat-message.js";
export * from "./chat/chat-request.js";
export * from "./chat/chat-response.js";
export * from "./chat/chat-chunk.js";
export * from "./chat/usage.js";
// Legacy Completions
export * from "./completions/completions-schemas.js";
export { completionsToChat, chatToCompletion, chatChunkToCompletionChunk } from "./completions/completions-to-chat.js";
// Embeddings and models
export * from "./embeddings/embeddings-schemas.js";
export * from "./models/models-schemas.js";
// Responses API
export * from "./responses/responses-request.js";
export * from "./responses/response-object.js";
export * from "./responses/response-stream-events.js";
export { responsesRequestToChat } from "./responses/responses-request-to-chat.js";
export { chatToResponse, chatUsageToResponseUsage } from "./responses/chat-to-response.js";
export {
  createResponsesStreamEncoder,
  type ResponsesStreamEncoder,
  type ResponsesStreamIds,
} from "./responses/responses-stream-encoder.js";
// Errors
export * from "./errors/error-envelope.js";
export { zodErrorToOpenAIError, formatParamPath } from "./errors/zod-error-to-openai-error.js";
// Boundary parsers
export * from "./parse/parse-request.js";
export { isJsonObject, isNullish, isNullishCount, isNullishString } from "./parse/json-guards.js";
// Provider contract
export * from "./provider/adapter.js";
export * from "./provider/stream-event.js";
export * from "./provider/provider-error.js";
