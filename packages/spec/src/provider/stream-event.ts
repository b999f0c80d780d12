import type { ChatCompletionChunk } from "../chat/chat-chunk.js";
import type { Usage } from "../chat/usage.js";
import type { ProviderError } from "./provider-error.js";

export type StreamEvent =
  /** Translated delta(s); finish_reason rides on the last content chunk. */
  | { type: "chunk"; chunk: ChatCompletionChunk }
  /** Latest usage, cumulative: the last one wins. */
  | { type: "usage"; usage: Usage }
  /** In-band upstream error (Anthropic `event: error`, a Responses `error`...). */
  | { type: "error"; error: ProviderError }
  /** Unparseable or schema-invalid chunk: the gateway skips it and never forwards it. */
  | { type: "malformed"; raw: string }
  /** The upstream signalled a proper end ([DONE], message_stop, Gemini's final finishReason). */
  | { type: "done" };
