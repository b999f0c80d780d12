import type { ChatCompletionChunk, ChatCompletionDelta, StreamDecoder, StreamDecoderOptions, StreamEvent, UpstreamTarget } from "@switchboard/spec";
import { tryParseJson } from "../canonical/canonical-chunk.js";
import { SseParser, type SseEvent } from "../sse/sse-parser.js";
import { mapOpenAICompatibleFinishReason } from "./map-openai-compatible-finish-reason.js";
import { providerErrorFromPayload } from "./openai-compatible-error.js";
import { readQuirks, type OpenAICompatibleQuirks } from "./openai-compatible-quirks.js";
import { UpstreamChunkSchema, type UpstreamChunk } from "./openai-compatible-schemas.js";
import { normalizeOpenAICompatibleUsage } from "./openai-compatible-usage.js";
import { pickReasoning } from "./parse-openai-compatible-response.js";
import { isPlainUpstreamChunk } from "./upstream-completion-guard.js";

type UpstreamDelta = NonNullable<NonNullable<NonNullable<UpstreamChunk["choices"]>[number]["delta"]>>;
const ROLES = new Set(["assistant", "developer", "system", "user", "tool"]);

function toDelta(q: OpenAICompatibleQuirks, d: UpstreamDelta | null | undefined): ChatCompletionDelta {
  if (!d) return {};
  const { reasoning, reasoning_content, role, tool_calls, ...rest } = d;
  const delta: ChatCompletionDelta = rest;
  if (role && ROLES.has(role)) delta.role = role as ChatCompletionDelta["role"];
  const r = pickReasoning(q, { reasoning, reasoning_content });
  if (r !== undefined && r !== null) delta.reasoning_content = r;
  if (tool_calls) {
    delta.tool_calls = tool_calls.map((t) => {
      const { type: _type, ...tRest } = t;
      return t.id ? { ...tRest, type: "function" as const } : tRest;
    });
  }
  return delta;
}

/**
 * OpenAI-framed streams (unnamed `data:` events, `[DONE]` terminator). This is on every
 * streamed byte of most traffic, so it does one JSON.parse and a hand-written shape check per event
 * (zod only for the unusual shapes).
 */
export function createOpenAICompatibleStreamDecoder(target: UpstreamTarget, opts: StreamDecoderOptions): StreamDecoder {
  const q = readQuirks(target.quirks);
  const sse = new SseParser();
  let done = false;

  const translate = (ev: SseEvent, out: StreamEvent[]): void => {
    if (done) return;
    const data = ev.data;
    if (data === "[DONE]") {
      done = true;
      out.push({ type: "done" });
      return;
    }
    const json = tryParseJson(data);
    if (!json.ok) {
      out.push({ type: "malformed", raw: data });
      return;
    }
    let up: UpstreamChunk;
    if (isPlainUpstreamChunk(json.value)) up = json.value;
    else {
      const parsed = UpstreamChunkSchema.safeParse(json.value);
      if (!parsed.success) {
        out.push({ type: "malformed", raw: data });
        return;
      }
      up = parsed.data;
    }
    if (up.error !== undefined && up.error !== null) {
      const status = typeof up.error === "object" && "code" in up.error && typeof up.error.code === "number" ? up.error.code : 500;
      out.push({ type: "error", error: providerErrorFromPayload(status, up, "openai-compatible") });
      return;
    }
    if (up.choices && up.choices.length > 0) {
      const chunk: ChatCompletionChunk = {
        id: opts.id,
        object: "chat.completion.chunk",
        created: opts.created,
        model: opts.model,
        choices: up.choices.map((c) => ({
          index: c.index,
          delta: toDelta(q, c.delta),
          finish_reason: mapOpenAICompatibleFinishReason(c.finish_reason),
          ...(c.logprobs ? { logprobs: c.logprobs } : {}),
        })),
      };
      if (up.system_fingerprint) chunk.system_fingerprint = up.system_fingerprint;
      out.push({ type: "chunk", chunk });
    }
    if (up.usage) out.push({ type: "usage", usage: normalizeOpenAICompatibleUsage(up.usage) });
  };

  return {
    push(bytes) {
      const out: StreamEvent[] = [];
      for (const ev of sse.push(bytes)) translate(ev, out);
      return out;
    },
    end() {
      const out: StreamEvent[] = [];
      for (const ev of sse.end()) translate(ev, out);
      return out;
    },
  };
}
