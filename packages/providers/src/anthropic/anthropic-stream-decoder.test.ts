import { ChatCompletionChunkSchema, type StreamEvent } from "@switchboard/spec";
import { describe, expect, it } from "vitest";
import { assemble, chunksToSse, decodeInPieces, readCassette } from "../__fixtures__/read-fixture.js";
import { createAnthropicStreamDecoder } from "./anthropic-stream-decoder.js";

const opts = { id: "chatcmpl-test", created: 1767225600, model: "claude" };
const decode = (body: string, sizes: number[] | "random" = [1 << 20], seed = 1): StreamEvent[] =>
  decodeInPieces(createAnthropicStreamDecoder(opts), body, sizes, seed);

function expectValidChunks(events: StreamEvent[]): void {
  for (const e of events) if (e.type === "chunk") expect(ChatCompletionChunkSchema.parse(e.chunk)).toEqual(e.chunk);
}

describe("anthropic stream decoder", () => {
  it.each(["anthropic-text.chunks.txt", "anthropic-json-other-tool.1.chunks.txt", "anthropic-clear-thinking.1.chunks.txt"])(
    "decodes %s identically at every byte split",
    (name) => {
      const body = chunksToSse("anthropic", name);
      const whole = decode(body);
      expectValidChunks(whole);
      expect(decode(body, [1])).toEqual(whole);
      for (const seed of [1, 2, 3]) expect(decode(body, "random", seed)).toEqual(whole);
      expect(assemble(whole)).toMatchSnapshot();
    },
  );

  it("assembles the streamed tool call and its finish reason", () => {
    const r = assemble(decode(chunksToSse("anthropic", "anthropic-json-other-tool.1.chunks.txt")));
    expect(r.toolCalls).toHaveLength(1);
    expect(r.toolCalls[0]?.name).toBe("weather");
    expect(JSON.parse(r.toolCalls[0]?.arguments ?? "")).toEqual({ location: expect.any(String) });
    expect(r.finishReason).toBe("tool_calls");
    expect(r.done).toBe(true);
  });

  it("decodes the raw recorded wire bytes (event: lines, padded JSON)", () => {
    const raw = readCassette("anthropic", "test_request_stream_fallback_for_high_max_tokens.yaml").interactions[0]?.response.body?.string ?? "";
    const events = decode(raw, [1]);
    const r = assemble(events);
    expect(r).toMatchObject({ content: "2", finishReason: "stop", done: true, malformed: 0, errors: [] });
    expect(r.usage).toEqual({ prompt_tokens: 20, completion_tokens: 5, total_tokens: 25, prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 } });
    // The first chunk announces the assistant role, as OpenAI's streams do.
    expect(events[0]).toMatchObject({ type: "chunk", chunk: { choices: [{ delta: { role: "assistant", content: "" } }] } });
  });

  it("reports a mid-stream error event and never signals done for a truncated stream", () => {
    const body =
      'event: message_start\ndata: {"type":"message_start","message":{"id":"m","model":"c","usage":{"input_tokens":3,"output_tokens":1}}}\n\n' +
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}\n\n' +
      "event: content_block_delta\ndata: {not json\n\n" +
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n';
    const r = assemble(decode(body));
    expect(r).toMatchObject({ content: "Hel", done: false, malformed: 1, errors: ["529 Overloaded"] });
    const err = decode(body).find((e) => e.type === "error");
    expect(err?.type === "error" && err.error.isRetryable).toBe(true);
  });

  it("skips unknown future event types instead of flagging them", () => {
    const r = assemble(decode('event: brand_new\ndata: {"type":"brand_new","x":1}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n'));
    expect(r).toMatchObject({ malformed: 0, done: true });
  });
});
