import type { ChatCompletionRequest, EmbeddingsRequest, UpstreamRequest, UpstreamTarget } from "@switchboard/spec";
import { joinUrl } from "../http/retry-after.js";
import { readQuirks } from "./openai-compatible-quirks.js";

function headers(target: UpstreamTarget, stream: boolean): Record<string, string> {
  return {
    "content-type": "application/json",
    accept: stream ? "text/event-stream" : "application/json",
    authorization: `Bearer ${target.apiKey}`,
    ...target.headers,
  };
}

/**
 * Pass-through: the client's body is forwarded as-is (unknown fields, image data, tool calls)
 * with only the model swapped, gateway routing fields removed and stream usage requested.
 */
export function buildOpenAICompatibleChatRequest(req: ChatCompletionRequest, target: UpstreamTarget): UpstreamRequest {
  const quirks = readQuirks(target.quirks);
  // Routing hints were consumed by the gateway's router; an upstream would misread them.
  const { models: _models, route: _route, provider: _provider, ...rest } = req;
  const body: Record<string, unknown> = { ...rest, model: target.upstreamModel };
  const stream = req.stream === true;
  if (stream && quirks.supportsStreamOptions) body.stream_options = { ...req.stream_options, include_usage: true };
  else if (!quirks.supportsStreamOptions || !stream) delete body.stream_options;
  if (quirks.renameMaxCompletionTokens && req.max_completion_tokens != null) {
    body.max_tokens ??= req.max_completion_tokens;
    delete body.max_completion_tokens;
  }
  return { url: joinUrl(target.baseUrl, "/chat/completions"), method: "POST", headers: headers(target, stream), body: JSON.stringify(body) };
}

export function buildOpenAICompatibleEmbeddingsRequest(req: EmbeddingsRequest, target: UpstreamTarget): UpstreamRequest {
  return {
    url: joinUrl(target.baseUrl, "/embeddings"),
    method: "POST",
    headers: headers(target, false),
    body: JSON.stringify({ ...req, model: target.upstreamModel }),
  };
}
