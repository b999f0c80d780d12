import { isJsonObject, isNullishCount, isNullishString } from "@switchboard/spec";
import type { UpstreamChatCompletion, UpstreamChunk } from "./openai-compatible-schemas.js";

/**
 * A hand-written check of the common case of UpstreamChatCompletionSchema, run on every non-streaming
 * answer: true only when the body certainly satisfies the schema (and has no logprobs, which the zod
 * schema checks in depth). Anything else goes through zod, which either accepts it or names the bad
 * field. It never says yes where zod would say no: it checks the same fields, at least as strictly.
 */
export function isPlainUpstreamCompletion(body: unknown): body is UpstreamChatCompletion {
  if (!isJsonObject(body)) return false;
  if (typeof body.id !== "string" || typeof body.created !== "number" || typeof body.model !== "string") return false;
  if (body.object !== undefined && typeof body.object !== "string") return false;
  if (!Array.isArray(body.choices)) return false;
  for (const c of body.choices as unknown[]) {
    if (!isJsonObject(c) || !Number.isSafeInteger(c.index)) return false;
    if (!isNullishString(c.finish_reason) || (c.logprobs !== undefined && c.logprobs !== null)) return false;
    const m = c.message;
    if (!isJsonObject(m)) return false;
    if (m.role !== undefined && typeof m.role !== "string") return false;
    if (!isNullishString(m.content) || !isNullishString(m.refusal) || !isNullishString(m.reasoning_content) || !isNullishString(m.reasoning)) return false;
    const calls = m.tool_calls;
    if (calls !== undefined && calls !== null) {
      if (!Array.isArray(calls)) return false;
      for (const t of calls as unknown[]) {
        if (!isJsonObject(t) || typeof t.id !== "string" || (t.type !== undefined && t.type !== "function")) return false;
        const f = t.function;
        if (!isJsonObject(f) || typeof f.name !== "string" || typeof f.arguments !== "string") return false;
      }
    }
  }
  if (body.usage !== undefined && body.usage !== null && !isPlainUsage(body.usage)) return false;
  return true;
}

/**
 * The same for one streamed chunk (UpstreamChunkSchema): true only for the common shapes (text, role,
 * tool-call deltas, usage, no logprobs, no in-band error), which it checks at least as strictly as zod.
 */
export function isPlainUpstreamChunk(body: unknown): body is UpstreamChunk {
  if (!isJsonObject(body)) return false;
  if (body.id !== undefined && typeof body.id !== "string") return false;
  if (body.error !== undefined || !isNullishString(body.system_fingerprint)) return false;
  const choices = body.choices;
  if (choices !== undefined && choices !== null) {
    if (!Array.isArray(choices)) return false;
    for (const c of choices as unknown[]) {
      if (!isJsonObject(c) || !Number.isSafeInteger(c.index)) return false;
      if (!isNullishString(c.finish_reason) || (c.logprobs !== undefined && c.logprobs !== null)) return false;
      const d = c.delta;
      if (d === undefined || d === null) continue;
      if (!isJsonObject(d)) return false;
      if (!isNullishString(d.role) || !isNullishString(d.content) || !isNullishString(d.reasoning_content) || !isNullishString(d.reasoning)) return false;
      const calls = d.tool_calls;
      if (calls === undefined || calls === null) continue;
      if (!Array.isArray(calls)) return false;
      for (const t of calls as unknown[]) {
        if (!isJsonObject(t) || !Number.isSafeInteger(t.index) || !isNullishString(t.id) || !isNullishString(t.type)) return false;
        const f = t.function;
        if (f === undefined || f === null) continue;
        if (!isJsonObject(f) || !isNullishString(f.name) || !isNullishString(f.arguments)) return false;
      }
    }
  }
  return body.usage === undefined || body.usage === null || isPlainUsage(body.usage);
}

function isPlainUsage(u: unknown): boolean {
  if (!isJsonObject(u)) return false;
  if (!isNullishCount(u.prompt_tokens) || !isNullishCount(u.completion_tokens) || !isNullishCount(u.total_tokens) || !isNullishCount(u.prompt_cache_hit_tokens)) return false;
  const pd = u.prompt_tokens_details;
  if (pd !== undefined && pd !== null && (!isJsonObject(pd) || !isNullishCount(pd.cached_tokens))) return false;
  const cd = u.completion_tokens_details;
  return cd === undefined || cd === null || (isJsonObject(cd) && isNullishCount(cd.reasoning_tokens));
}
