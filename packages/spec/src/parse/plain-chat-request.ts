import type { ChatCompletionRequest } from "../chat/chat-request.js";
import { isJsonObject, isNullish, isNullishString } from "./json-guards.js";

/**
 * A hand-written check for the most common chat request (text messages and the usual sampling
 * parameters), run before the zod schema on every request: true only when the body certainly
 * satisfies ChatCompletionRequestSchema. Any other field or shape (tools, images, response_format,
 * ...) goes through zod, which also names the bad parameter when there is one. Unlike zod it returns
 * the body itself rather than a copy; nothing downstream mutates the request.
 */
export function isPlainChatRequest(body: unknown): body is ChatCompletionRequest {
  if (!isJsonObject(body)) return false;
  for (const k in body) {
    // Own fields only: a key like "valueOf" must not find Object.prototype's function.
    const check = Object.hasOwn(FIELDS, k) ? FIELDS[k] : undefined;
    if (check === undefined || !check(body[k])) return false;
  }
  return typeof body.model === "string" && Array.isArray(body.messages);
}

type Check = (v: unknown) => boolean;

const num = (min: number, max: number, int = false): Check => (v) =>
  isNullish(v) || (typeof v === "number" && (int ? Number.isSafeInteger(v) : Number.isFinite(v)) && v >= min && v <= max);
const bool: Check = (v) => isNullish(v) || typeof v === "boolean";
const ROLES = new Set(["system", "developer", "user", "assistant"]);

function plainMessage(m: unknown): boolean {
  if (!isJsonObject(m)) return false;
  for (const k in m) if (k !== "role" && k !== "content" && k !== "name") return false;
  return typeof m.role === "string" && ROLES.has(m.role) && typeof m.content === "string" && (m.name === undefined || typeof m.name === "string");
}

const FIELDS: Record<string, Check> = {
  model: (v) => typeof v === "string" && v.length > 0,
  messages: (v) => Array.isArray(v) && v.length > 0 && v.every(plainMessage),
  stream: bool,
  stream_options: (v) => isNullish(v) || (isJsonObject(v) && Object.keys(v).every((k) => k === "include_usage") && (v.include_usage === undefined || typeof v.include_usage === "boolean")),
  temperature: num(0, 2),
  top_p: num(0, 1),
  n: num(1, 128, true),
  max_tokens: num(1, Number.MAX_SAFE_INTEGER, true),
  max_completion_tokens: num(1, Number.MAX_SAFE_INTEGER, true),
  presence_penalty: num(-2, 2),
  frequency_penalty: num(-2, 2),
  logprobs: bool,
  top_logprobs: num(0, 20, true),
  seed: num(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, true),
  user: (v) => v === undefined || typeof v === "string",
  store: bool,
  parallel_tool_calls: (v) => v === undefined || typeof v === "boolean",
  service_tier: isNullishString,
  // Switchboard's fallback list (OpenRouter style).
  models: (v) => v === undefined || (Array.isArray(v) && v.every((m) => typeof m === "string" && m.length > 0)),
};
