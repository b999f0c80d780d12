import { embeddingVector, float32Base64 } from "../generate/embedding-vector.js";
import { promptTokensFromChars } from "../generate/tokens.js";
import type { Endpoint, EndpointContext } from "../server/endpoint.js";
import { JSON_HEADERS, afterDelay, sendBody } from "../server/respond.js";
import { invalidParam, openaiDialect } from "./openai-dialect.js";

// POST /v1/embeddings: deterministic vectors per input text; dimensions default by model name
// (…-3-large: 3072, otherwise 1536) unless `dimensions` is given.

function defaultDimensions(model: string): number {
  return model.includes("large") ? 3072 : 1536;
}

/** Inputs as texts: strings as-is, token-id arrays as their ids joined (4 chars per id for usage). */
function inputs(raw: unknown): { texts: string[]; chars: number } | undefined {
  const items = typeof raw === "string" ? [raw] : Array.isArray(raw) ? raw : undefined;
  if (!items || items.length === 0) return undefined;
  // A flat array of numbers is a single tokenised input.
  const list = items.every((x) => typeof x === "number") ? [items] : items;
  const texts: string[] = [];
  let chars = 0;
  for (const item of list) {
    if (typeof item === "string") {
      texts.push(item);
      chars += item.length;
    } else if (Array.isArray(item)) {
      texts.push(item.join(","));
      chars += item.length * 4;
    } else return undefined;
  }
  return { texts, chars };
}

function respond(ctx: EndpointContext, model: string, texts: string[], chars: number, dims: number, base64: boolean): void {
  const data = texts.map((text, index) => {
    const vector = embeddingVector(text, dims);
    return { object: "embedding", index, embedding: base64 ? float32Base64(vector) : vector };
  });
  const tokens = texts.length === 0 ? 0 : Math.max(texts.length, promptTokensFromChars(chars));
  const body = JSON.stringify({ object: "list", data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
  afterDelay(ctx.res, ctx.knobs.ttftMs ?? 0, () => sendBody(ctx.res, 200, JSON_HEADERS, body, ctx.knobs, ctx.record));
}

export const embeddingsEndpoint: Endpoint = {
  dialect: openaiDialect,
  inspect(body) {
    const model = body.model;
    if (typeof model !== "string" || model === "") return invalidParam("model", "you must provide a model parameter");
    const parsed = inputs(body.input);
    if (!parsed) return invalidParam("input", "'input' must be a non-empty string or array of strings or token arrays.");
    const dims = typeof body.dimensions === "number" && body.dimensions > 0 ? Math.floor(body.dimensions) : defaultDimensions(model);
    const base64 = body.encoding_format === "base64";
    const { texts, chars } = parsed;
    return {
      model,
      directiveText: texts[texts.length - 1] ?? "",
      stream: false,
      respond: (ctx) => respond(ctx, model, texts, chars, dims, base64),
    };
  },
};
