import type { ChatCompletionDelta, StreamDecoder, StreamDecoderOptions, StreamEvent } from "@switchboard/spec";
import { tryParseJson } from "../canonical/canonical-chunk.js";
import { SseParser, type SseEvent } from "../sse/sse-parser.js";
import { geminiErrorFromBody } from "./gemini-error.js";
import { GeminiResponseSchema } from "./gemini-schemas.js";
import { toCanonicalGeminiUsage } from "./gemini-usage.js";
import { mapGeminiFinishReason } from "./map-gemini-finish-reason.js";
import { translateGeminiParts } from "./parse-gemini-response.js";

/**
 * streamGenerateContent?alt=sse: every event is a whole GenerateContentResponse with cumulative
 * usage and no [DONE]; the stream ended properly once a candidate carries a finishReason.
 */
export function createGeminiStreamDecoder(opts: StreamDecoderOptions): StreamDecoder {
  const sse = new SseParser();
  const toolCounts = new Map<number, number>();
  const roleSent = new Set<number>();
  let done = false;

  const chunk = (out: StreamEvent[], index: number, delta: ChatCompletionDelta, finish: ReturnType<typeof mapGeminiFinishReason> = null): void => {
    if (!roleSent.has(index)) {
      roleSent.add(index);
      delta = { role: "assistant", ...delta };
    }
    out.push({ type: "chunk", chunk: { id: opts.id, object: "chat.completion.chunk", created: opts.created, model: opts.model, choices: [{ index, delta, finish_reason: finish }] } });
  };

  const translate = (ev: SseEvent, out: StreamEvent[]): void => {
    if (done) return;
    const json = tryParseJson(ev.data);
    if (!json.ok) {
      out.push({ type: "malformed", raw: ev.data });
      return;
    }
    const err = geminiErrorFromBody(json.value, undefined, {});
    if (err) {
      out.push({ type: "error", error: err });
      return;
    }
    const parsed = GeminiResponseSchema.safeParse(json.value);
    if (!parsed.success) {
      out.push({ type: "malformed", raw: ev.data });
      return;
    }
    const r = parsed.data;
    let finished = false;
    for (const [i, c] of (r.candidates ?? []).entries()) {
      const index = c.index ?? i;
      const seen = toolCounts.get(index) ?? 0;
      const t = translateGeminiParts(c.content?.parts ?? [], `${opts.id}_${index}`, seen);
      toolCounts.set(index, seen + t.toolCalls.length);
      if (t.reasoning) chunk(out, index, { reasoning_content: t.reasoning });
      if (t.content) chunk(out, index, { content: t.content });
      if (t.toolCalls.length > 0) chunk(out, index, { tool_calls: t.toolCalls.map((call, k) => ({ index: seen + k, ...call })) });
      if (c.finishReason) {
        chunk(out, index, {}, mapGeminiFinishReason(c.finishReason, seen + t.toolCalls.length > 0));
        finished = true;
      }
    }
    if (!r.candidates?.length && r.promptFeedback?.blockReason) {
      chunk(out, 0, {}, "content_filter");
      finished = true;
    }
    if (r.usageMetadata) out.push({ type: "usage", usage: toCanonicalGeminiUsage(r.usageMetadata) });
    if (finished) {
      done = true;
      out.push({ type: "done" });
    }
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
