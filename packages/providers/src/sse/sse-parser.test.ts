import { describe, expect, it } from "vitest";
import { SseParser, sseEventEnd, type SseEvent } from "./sse-parser.js";

function feed(parts: Array<string | Uint8Array>): SseEvent[] {
  const p = new SseParser();
  const out: SseEvent[] = [];
  for (const part of parts) out.push(...p.push(part));
  out.push(...p.end());
  return out;
}

function splitEvery(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

const body =
  ": keep-alive comment\r\n" +
  "event: message_start\r\n" +
  'data: {"a":"é😀"}\r\n' +
  "\r\n" +
  "data: line one\n" +
  "data: line two\n" +
  "\n" +
  "data:no-space\r" +
  "\r" +
  "event: ping\n" +
  "data\n" +
  "\n" +
  "data: [DONE]\n\n";

const expected: SseEvent[] = [
  { event: "message_start", data: '{"a":"é😀"}' },
  { event: undefined, data: "line one\nline two" },
  { event: undefined, data: "no-space" },
  { event: "ping", data: "" },
  { event: undefined, data: "[DONE]" },
];

describe("SseParser", () => {
  it("parses comments, event names, multi-line data and all line endings", () => {
    expect(feed([body])).toEqual(expected);
  });

  it("gives identical events for every byte split, including inside UTF-8 and CRLF", () => {
    const bytes = new TextEncoder().encode(body);
    for (const size of [1, 2, 3, 5, 7, 64]) expect(feed(splitEvery(bytes, size))).toEqual(expected);
    let seed = 7;
    for (let run = 0; run < 25; run++) {
      const parts: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; ) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        const len = 1 + (seed % 9);
        parts.push(bytes.subarray(i, i + len));
        i += len;
      }
      expect(feed(parts)).toEqual(expected);
    }
  });

  it("drops a byte order mark at the start of the stream only, even when split across reads", () => {
    const bytes = new TextEncoder().encode("\uFEFFdata: a\n\ndata: \uFEFFb\n\n");
    const expected = [
      { event: undefined, data: "a" },
      { event: undefined, data: "\uFEFFb" },
    ];
    expect(feed([bytes])).toEqual(expected);
    expect(feed(splitEvery(bytes, 1))).toEqual(expected);
  });

  it("delivers a final event that lacks its trailing blank line", () => {
    expect(feed(["data: {\"x\":1}"])).toEqual([{ event: undefined, data: '{"x":1}' }]);
  });

  it("ignores events that carry no data field", () => {
    expect(feed(["event: lonely\n\n: only a comment\n\n"])).toEqual([]);
  });

  it("finds where each LF-framed event ends, so a read can be fed one event at a time", () => {
    const bytes = new TextEncoder().encode('data: {"a":1}\n\n: ping\n\ndata: tail');
    const ends: number[] = [];
    for (let from = 0; from < bytes.length; from = ends.at(-1)!) ends.push(sseEventEnd(bytes, from));
    expect(ends).toEqual([15, 23, bytes.length]);
    const p = new SseParser();
    const events = ends.flatMap((end, i) => p.push(bytes.subarray(i === 0 ? 0 : ends[i - 1], end)));
    expect([...events, ...p.end()]).toEqual(feed([bytes]));
    // CRLF framing is not split: the whole read comes back as one piece.
    expect(sseEventEnd(new TextEncoder().encode("data: a\r\n\r\ndata: b\r\n\r\n"), 0)).toBe(22);
  });
});
