export { getAdapter, isProviderKind, PROVIDER_KINDS, type ProviderKind } from "./registry.js";
export { openAICompatibleAdapter } from "./openai-compatible/openai-compatible-adapter.js";
export { OpenAICompatibleQuirksSchema, type OpenAICompatibleQuirks } from "./openai-compatible/openai-compatible-quirks.js";
export { anthropicAdapter } from "./anthropic/anthropic-adapter.js";
export { AnthropicQuirksSchema, type AnthropicQuirks } from "./anthropic/anthropic-quirks.js";
export { geminiAdapter } from "./gemini/gemini-adapter.js";
export { GeminiQuirksSchema, type GeminiQuirks } from "./gemini/gemini-quirks.js";
export { SseParser, sseEventEnd, type SseEvent } from "./sse/sse-parser.js";
export { retryAfterMsFromHeaders } from "./http/retry-after.js";
