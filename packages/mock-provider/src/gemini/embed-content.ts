import { embeddingVector } from "../generate/embedding-vector.js";
import type { Endpoint, EndpointContext } from "../server/endpoint.js";
import { JSON_HEADERS, afterDelay, sendBody } from "../server/respond.js";
import { geminiDialect, geminiInvalid } from "./gemini-dialect.js";
import { partsText } from "./generate-request.js";

// :embedContent and :batchEmbedContents. Vectors are deterministic per text; the default size
// follows the model (gemini-embedding-*: 3072, others 768) unless outputDimensionality is set.

type Obj = Record<string, unknown>;

function dimensions(model: string, requested: unknown): number {
  if (typeof requested === "number" && requested > 0) return Math.floor(requested);
  return model.includes("gemini-embedding") ? 3072 : 768;
}

function send(ctx: EndpointContext, value: unknown): void {
  const body = JSON.stringify(value);
  afterDelay(ctx.res, ctx.knobs.ttftMs ?? 0, () => sendBody(ctx.res, 200, JSON_HEADERS, body, ctx.knobs, ctx.record));
}

export const embedContentEndpoint: Endpoint = {
  dialect: geminiDialect,
  inspect(body, pathModel) {
    const model = pathModel ?? "";
    if (typeof body.content !== "object" || body.content === null) return geminiInvalid("* EmbedContentRequest.content: content is not specified");
    const text = partsText(body.content);
    const dims = dimensions(model, body.outputDimensionality);
    return { model, directiveText: text, stream: false, respond: (ctx) => send(ctx, { embedding: { values: embeddingVector(text, dims) } }) };
  },
};

export const batchEmbedContentsEndpoint: Endpoint = {
  dialect: geminiDialect,
  inspect(body, pathModel) {
    const model = pathModel ?? "";
    if (!Array.isArray(body.requests) || body.requests.length === 0) {
      return geminiInvalid("* BatchEmbedContentsRequest.requests: requests is not specified");
    }
    const requests = body.requests.filter((r): r is Obj => typeof r === "object" && r !== null);
    const texts = requests.map((r) => partsText(r.content));
    return {
      model,
      directiveText: texts[texts.length - 1] ?? "",
      stream: false,
      respond: (ctx) =>
        send(ctx, { embeddings: requests.map((r, i) => ({ values: embeddingVector(texts[i] ?? "", dimensions(model, r.outputDimensionality)) })) }),
    };
  },
};
