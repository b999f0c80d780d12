import type { CatalogModel } from "@switchboard/catalog";
import type { AppContext } from "../context.js";
import { notFound } from "../http/errors.js";
import type { RequestCtx } from "../http/request-ctx.js";
import { sendJson } from "../http/respond.js";

const CREATED = Math.floor(Date.parse("2025-01-01T00:00:00Z") / 1000);

function toModelObject(m: CatalogModel) {
  return { id: m.id, object: "model" as const, created: CREATED, owned_by: m.provider, context_window: m.contextWindow, max_output_tokens: m.maxOutputTokens, capabilities: m.capabilities, aliases: m.aliases };
}

/** GET /v1/models: the models this key can route to (with our catalog extras alongside OpenAI's fields). */
export function handleListModels(ctx: AppContext, rc: RequestCtx): void {
  const allowed = rc.key.allowedModels;
  const data = ctx.router.available().filter((m) => allowed.length === 0 || allowed.includes(m.id) || m.aliases.some((a) => allowed.includes(a))).map(toModelObject);
  sendJson(rc.res, 200, { object: "list", data });
}

export function handleGetModel(ctx: AppContext, rc: RequestCtx, id: string): void {
  const m = ctx.router.getModel(id);
  if (!m || !ctx.router.available().includes(m)) throw notFound(`The model '${id}' does not exist.`, "model_not_found");
  sendJson(rc.res, 200, toModelObject(m));
}
