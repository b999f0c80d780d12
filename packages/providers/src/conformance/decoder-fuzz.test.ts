import fc from "fast-check";
import { ChatCompletionChunkSchema, type UpstreamTarget } from "@switchboard/spec";
import { describe, expect, it } from "vitest";
import { PROVIDER_KINDS, getAdapter } from "../registry.js";

// Hostile upstream streams: garbage bytes, broken JSON, wrong shapes. A decoder must never throw,
// must never emit a chunk that fails the canonical schema, and must report garbage as `malformed`.
const target: UpstreamTarget = { baseUrl: "http://x", apiKey: "k", upstreamModel: "m" };
const opts = { id: "chatcmpl-fuzz", created: 1767225600, model: "m" };

const sseFrame = fc.oneof(
  fc.string().map((s) => `data: ${s}\n\n`),
  fc.jsonValue().map((v) => `data: ${JSON.stringify(v)}\n\n`),
  fc.jsonValue().map((v) => `event: ${["message_start", "content_block_delta", "error", "ping"][JSON.stringify(v).length % 4]}\ndata: ${JSON.stringify(v)}\r\n\r\n`),
  fc.constant("data: [DONE]\n\n"),
  fc.string().map((s) => `: ${s}\n`),
);

describe.each(PROVIDER_KINDS)("%s stream decoder under fuzz", (kind) => {
  it("never throws and only emits schema-valid chunks, whatever the bytes", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(sseFrame, fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString("latin1"))), { maxLength: 30 }), fc.integer({ min: 1, max: 17 }), (frames, split) => {
        const decoder = getAdapter(kind).createChatStreamDecoder(target, opts);
        const text = frames.join("");
        const events = [];
        for (let i = 0; i < text.length; i += split) events.push(...decoder.push(text.slice(i, i + split)));
        events.push(...decoder.end());
        for (const ev of events) {
          if (ev.type === "chunk") expect(ChatCompletionChunkSchema.safeParse(ev.chunk).success).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
