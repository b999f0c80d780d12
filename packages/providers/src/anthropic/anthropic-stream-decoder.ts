import type { ChatCompletionDelta, FinishReason, StreamDecoder, StreamDecoderOptions, StreamEvent } from "@switchboard/spec";
import { makeChunk, tryParseJson } from "../canonical/canonical-chunk.js";
import { SseParser, type SseEvent } from "../sse/sse-parser.js";
import { anthropicErrorFromPayload } from "./anthropic-error.js";
import { STRUCTURED_OUTPUT_TOOL } from "./anthropic-quirks.js";
import { AnthropicStreamEventSchema } from "./anthropic-schemas.js";
import { mergeAnthropicUsage, toCanonicalUsage, type AnthropicUsage } from "./anthropic-usage.js";
import { mapAnthropicStopReason } from "./map-anthropic-stop-reason.js";

// Block kinds by Anthropic block index; tool blocks carry their OpenAI tool_calls index.
type BlockState = { kind: "text" | "thinking" | "other" | "structured" } | { kind: "tool"; toolIndex: number };

const KNOWN_EVENTS = new Set([
  "message_start",
  "content_block_start",
  "content_block_delta",
  "content_block_stop",
  "message_delta",
  "message_stop",
  "ping",
  "error",
]);

/** Anthropic named-event stream → canonical chunks; `message_stop` is the only proper end. */
export function createAnthropicStreamDecoder(opts: StreamDecoderOptions): StreamDecoder {
  const sse = new SseParser();
  const blocks = new Map<number, BlockState>();
  let toolCount = 0;
  let sawTool = false;
  let sawStructured = false;
  let usage: AnthropicUsage = {};
  let done = false;

  const emit = (out: StreamEvent[], delta: ChatCompletionDelta, finish: FinishReason | null = null): void => {
    out.push({ type: "chunk", chunk: makeChunk(opts, delta, finish) });
  };

  const translate = (ev: SseEvent, out: StreamEvent[]): void => {
    if (done) return;
    const json = tryParseJson(ev.data);
    if (!json.ok) {
      out.push({ type: "malformed", raw: ev.data });
      return;
    }
    const type = typeof json.value === "object" && json.value !== null && "type" in json.value ? json.value.type : undefined;
    // New event types are additive in Anthropic's versioning policy: skip them, do not flag them.
    if (typeof type === "string" && !KNOWN_EVENTS.has(type)) return;
    const parsed = AnthropicStreamEventSchema.safeParse(json.value);
    if (!parsed.success) {
      out.push({ type: "malformed", raw: ev.data });
      return;
    }
    const e = parsed.data;
    switch (e.type) {
      case "message_start":
        usage = mergeAnthropicUsage(usage, e.message.usage);
        emit(out, { role: "assistant", content: "" });
        out.push({ type: "usage", usage: toCanonicalUsage(usage) });
        return;
      case "content_block_start": {
        const b = e.content_block;
        if (b.type === "tool_use" && "id" in b && typeof b.id === "string" && "name" in b && typeof b.name === "string") {
          if (b.name === STRUCTURED_OUTPUT_TOOL) {
            blocks.set(e.index, { kind: "structured" });
            sawStructured = true;
            return;
          }
          const toolIndex = toolCount++;
          sawTool = true;
          blocks.set(e.index, { kind: "tool", toolIndex });
          emit(out, { tool_calls: [{ index: toolIndex, id: b.id, type: "function", function: { name: b.name, arguments: "" } }] });
        } else if (b.type === "text") {
          blocks.set(e.index, { kind: "text" });
          if ("text" in b && typeof b.text === "string" && b.text !== "") emit(out, { content: b.text });
        } else if (b.type === "thinking") {
          blocks.set(e.index, { kind: "thinking" });
          if ("thinking" in b && typeof b.thinking === "string" && b.thinking !== "") emit(out, { reasoning_content: b.thinking });
        } else blocks.set(e.index, { kind: "other" });
        return;
      }
      case "content_block_delta": {
        const d = e.delta;
        const block = blocks.get(e.index);
        if (d.type === "text_delta" && d.text !== "") emit(out, { content: d.text });
        else if (d.type === "thinking_delta" && d.thinking !== "") emit(out, { reasoning_content: d.thinking });
        else if (d.type === "input_json_delta" && d.partial_json !== "") {
          if (block?.kind === "tool") emit(out, { tool_calls: [{ index: block.toolIndex, function: { arguments: d.partial_json } }] });
          else if (block?.kind === "structured") emit(out, { content: d.partial_json });
        }
        // signature_delta authenticates thinking for Anthropic round trips; it has no OpenAI counterpart.
        return;
      }
      case "message_delta": {
        if (e.usage) usage = mergeAnthropicUsage(usage, e.usage);
        const finish = mapAnthropicStopReason(e.delta.stop_reason, sawStructured && !sawTool);
        if (finish) emit(out, {}, finish);
        if (e.usage) out.push({ type: "usage", usage: toCanonicalUsage(usage) });
        return;
      }
      case "message_stop":
        done = true;
        out.push({ type: "done" });
        return;
      case "error":
        out.push({ type: "error", error: anthropicErrorFromPayload(undefined, e.error.type, e.error.message) });
        return;
      case "content_block_stop":
      case "ping":
        return;
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
