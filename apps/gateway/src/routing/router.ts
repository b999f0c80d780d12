import { getModel, listModels, type CatalogModel } from "@switchboard/catalog";
import type { ChatCompletionRequest } from "@switchboard/spec";
import type { KeyRecord } from "../auth/key-record.js";
import { GatewayError } from "../http/errors.js";
import { deploymentFor, type Deployment, type ProviderRuntime } from "./deployments.js";

export interface RoutePlan {
  requestedModel: string;
  deployments: Deployment[];
}

/** Capabilities a chat request needs from a model. */
export function requiredCapabilities(req: ChatCompletionRequest): { tools: boolean; vision: boolean; jsonSchema: boolean } {
  let vision = false;
  for (const m of req.messages) {
    const content = (m as { content?: unknown }).content;
    if (Array.isArray(content)) for (const p of content) if ((p as { type?: string }).type === "image_url") vision = true;
  }
  const fmt = (req.response_format as { type?: string } | undefined)?.type;
  return { tools: Array.isArray(req.tools) && req.tools.length > 0, vision, jsonSchema: fmt === "json_schema" };
}

/**
 * Resolves requested model names (one, or OpenRouter-style `models: [...]` in order) to deployments
 * this gateway can call, enforcing the key's model allow-list and the request's capability needs.
 */
export class Router {
  constructor(private readonly providers: Map<string, ProviderRuntime>) {}

  /** Models this gateway can route to (for /v1/models). */
  available(): CatalogModel[] {
    return listModels().filter((m) => this.providers.has(m.provider));
  }

  plan(names: string[], key: KeyRecord, needs: { tools: boolean; vision: boolean; jsonSchema: boolean; mode: "chat" | "embedding" }): RoutePlan {
    const deployments: Deployment[] = [];
    const unknown: string[] = [];
    const denied: string[] = [];
    const incapable: string[] = [];
    for (const name of names) {
      const model = getModel(name);
      const rt = model ? this.providers.get(model.provider) : undefined;
      if (!model || !rt || model.mode !== needs.mode) {
        unknown.push(name);
        continue;
      }
      if (!allowed(key, name, model)) {
        denied.push(name);
        continue;
      }
      const caps = model.capabilities;
      if ((needs.tools && !caps.tools) || (needs.vision && !caps.vision) || (needs.jsonSchema && !caps.jsonSchema)) {
        incapable.push(name);
        continue;
      }
      deployments.push(deploymentFor(model, rt));
    }
    if (deployments.length > 0) return { requestedModel: names[0]!, deployments };
    if (denied.length > 0) {
      throw new GatewayError(403, `This API key is not allowed to use the model '${denied[0]}'.`, "permission_error", "model_not_allowed", "model");
    }
    if (incapable.length > 0) {
      const what = [needs.tools && "tools", needs.vision && "image inputs", needs.jsonSchema && "json_schema output"].filter(Boolean).join(", ");
      throw new GatewayError(400, `The model '${incapable[0]}' does not support ${what}.`, "invalid_request_error", "model_capability_missing", "model");
    }
    throw new GatewayError(404, `The model '${unknown[0]}' does not exist or is not available on this gateway.`, "invalid_request_error", "model_not_found", "model");
  }
}

function allowed(key: KeyRecord, name: string, model: CatalogModel): boolean {
  if (key.allowedModels.length === 0) return true;
  return key.allowedModels.includes(model.id) || key.allowedModels.includes(name) || model.aliases.some((a) => key.allowedModels.includes(a));
}
