import type { ChatCompletionRequest } from "../chat/chat-request.js";
import type { ChatCompletion } from "../chat/chat-response.js";
import type { EmbeddingsRequest, EmbeddingsResponse } from "../embeddings/embeddings-schemas.js";
import type { ProviderError } from "./provider-error.js";
import type { StreamEvent } from "./stream-event.js";

export interface UpstreamTarget {
  /** e.g. https://api.openai.com/v1 | https://api.anthropic.com | https://generativelanguage.googleapis.com */
  baseUrl: string;
  apiKey: string;
  /** Model name the upstream expects. */
  upstreamModel: string;
  /** Extra static headers from operator config. */
  headers?: Record<string, string>;
  /** Kind-specific options, validated by the adapter (e.g. reasoning field name). */
  quirks?: Record<string, unknown>;
}

export interface UpstreamRequest {
  url: string;
  method: "POST" | "GET";
  headers: Record<string, string>;
  body?: string;
}

export interface StreamDecoder {
  /** Feed raw bytes as they arrive; the decoder owns SSE framing (LF or CRLF, `event:` lines, comments, multi-line data). */
  push(chunk: Uint8Array | string): StreamEvent[];
  /** Upstream body ended: flush. If the upstream never signalled proper completion, NO {type:"done"} is emitted. */
  end(): StreamEvent[];
}

export interface StreamDecoderOptions {
  /** Id, creation time and model name stamped on every canonical chunk. */
  id: string;
  created: number;
  model: string;
}

export interface ProviderAdapter {
  /** "openai-compatible" | "anthropic" | "gemini" */
  readonly kind: string;
  readonly supportsEmbeddings: boolean;
  /** req.stream selects streaming framing; streams ask the upstream for usage. */
  buildChatRequest(req: ChatCompletionRequest, target: UpstreamTarget): UpstreamRequest;
  /** Throws ProviderError (502) on a body that fails the schema. */
  parseChatResponse(body: unknown, target: UpstreamTarget): ChatCompletion;
  createChatStreamDecoder(target: UpstreamTarget, opts: StreamDecoderOptions): StreamDecoder;
  buildEmbeddingsRequest?(req: EmbeddingsRequest, target: UpstreamTarget): UpstreamRequest;
  /** Pass `req` so adapters that must re-encode (Gemini: float → base64) honour `encoding_format`. */
  parseEmbeddingsResponse?(body: unknown, target: UpstreamTarget, req?: EmbeddingsRequest): EmbeddingsResponse;
  /** Upstream HTTP error → normalised error. */
  parseError(status: number, headers: Record<string, string>, bodyText: string): ProviderError;
}
