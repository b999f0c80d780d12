import { ProviderError, type EmbeddingsRequest, type EmbeddingsResponse, type UpstreamRequest, type UpstreamTarget } from "@switchboard/spec";
import { parseUpstreamBody } from "../canonical/invalid-upstream-body.js";
import { geminiHeaders, geminiModelUrl } from "./build-gemini-request.js";
import { GeminiBatchEmbedResponseSchema } from "./gemini-schemas.js";

/** `:batchEmbedContents`, one request per input string. Gemini cannot embed token arrays. */
export function buildGeminiEmbeddingsRequest(req: EmbeddingsRequest, target: UpstreamTarget): UpstreamRequest {
  const inputs = typeof req.input === "string" ? [req.input] : req.input;
  const texts = inputs.map((v, i) => {
    if (typeof v !== "string") {
      throw new ProviderError({ message: "Gemini embeddings accept text input only, not token arrays.", status: 400, param: `input[${i}]`, provider: "gemini" });
    }
    return v;
  });
  const model = `models/${target.upstreamModel}`;
  const requests = texts.map((text) => ({
    model,
    content: { parts: [{ text }] },
    ...(req.dimensions ? { outputDimensionality: req.dimensions } : {}),
  }));
  return { url: geminiModelUrl(target, "batchEmbedContents"), method: "POST", headers: geminiHeaders(target, false), body: JSON.stringify({ requests }) };
}

/** Little-endian float32, OpenAI's `encoding_format: "base64"` layout. */
export function floatsToBase64(values: number[]): string {
  const buf = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => buf.writeFloatLE(v, i * 4));
  return buf.toString("base64");
}

/** Gemini reports no token usage for embeddings; usage is therefore zero and the gateway estimates if it must. */
export function parseGeminiEmbeddingsResponse(body: unknown, model: string, encoding: "float" | "base64" = "float"): EmbeddingsResponse {
  const r = parseUpstreamBody(GeminiBatchEmbedResponseSchema, body, "gemini");
  return {
    object: "list",
    data: r.embeddings.map((e, index) => ({ object: "embedding", index, embedding: encoding === "base64" ? floatsToBase64(e.values) : e.values })),
    model,
    usage: { prompt_tokens: 0, total_tokens: 0 },
  };
}
