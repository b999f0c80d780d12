import type { ChatCompletionChunk, ChatCompletionDelta, FinishReason, StreamDecoderOptions } from "@switchboard/spec";

/** Builds canonical chunks stamped with the gateway's id/created/model for translated streams. */
export function makeChunk(
  opts: StreamDecoderOptions,
  delta: ChatCompletionDelta,
  finishReason: FinishReason | null = null,
): ChatCompletionChunk {
  return {
    id: opts.id,
    object: "chat.completion.chunk",
    created: opts.created,
    model: opts.model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
}

/** `JSON.parse` that reports failure instead of throwing: stream decoders turn it into `malformed`. */
export function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
