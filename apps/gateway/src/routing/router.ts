import { z } from "zod";
import type { CatalogModel } from "@switchboard/catalog";
import type { RouteConfig } from "@switchboard/config";
import type { ChatCompletionRequest } from "@switchboard/spec";
import type { KeyRecord } from "../auth/key-record.js";
import { GatewayError } from "../http/errors.js";
import type { RetryPolicy } from "../upstream/attempts.js";
import { LatencyStats } from "./latency-stats.js";
import { orderDeployments, type Strategy } from "./strategies.js";
import type { Deployment, RoutingTable } from "./table.js";
import type { TenantSettings } from "../tenancy/tenant-settings.js";

export interface RoutePlan {
  requestedModel: string;
  deployments: Deployment[];
  policy: RetryPolicy;
  /** Response cache settings from the route, if it has any. */
  cache?: { enabled: boolean; ttl_seconds: number };
}

export interface Needs {
  tools: boolean;
  vision: boolean;
  jsonSchema: boolean;
  mode: "chat" | "embedding";
}

/** OpenRouter-style provider preferences in the request body. */
export const providerPrefsSchema = z
  .object({
    order: z.array(z.string()).optional(),
    only: z.array(z.string()).optional(),
    ignore: z.array(z.string()).optional(),
    allow_fallbacks: z.boolean().optional(),
    sort: z.enum(["price", "latency"]).optional(),
  })
  .strict();
export type ProviderPrefs = z.infer<typeof providerPrefsSchema>;

export function parseProviderPrefs(value: unknown): ProviderPrefs | undefined {
  if (value === undefined) return undefined;
  const r = providerPrefsSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new GatewayError(400, `Invalid provider preferences: ${issue.message}`, "invalid_request_error", "invalid_value", ["provider", ...issue.path].join("."));
  }
  return r.data;
}

export interface PlanOptions {
  /** Header-pinned target: one deployment id or model id, no fallback. */
  pin?: string | undefined;
  provider?: ProviderPrefs | undefined;
  promptTokens?: number;
  outputTokens?: number;
  /** The calling tenant's own credentials and routes: resolved before platform ones. */
  tenant?: TenantSettings | undefined;
}

/** Capabilities a chat request needs from a model. */
export function requiredCapabilities(req: ChatCompletionRequest): Omit<Needs, "mode"> {
  let vision = false;
  for (const m of req.messages) {
    const content = (m as { content?: unknown }).content;
    if (Array.isArray(content)) for (const p of content) if ((p as { type?: string }).type === "image_url") vision = true;
  }
  const fmt = (req.response_format as { type?: string } | undefined)?.type;
  return { tools: Array.isArray(req.tools) && req.tools.length > 0, vision, jsonSchema: fmt === "json_schema" };
}

function mergePolicy(base: RetryPolicy, route?: RouteConfig): RetryPolicy {
  if (!route) return base;
  const t = route.timeouts ?? {};
  const r = route.retry ?? {};
  return {
    ...base,
    ...(r.max_attempts_per_target !== undefined && { maxAttemptsPerTarget: r.max_attempts_per_target }),
    ...(r.backoff_base_ms !== undefined && { backoffBaseMs: r.backoff_base_ms }),
    ...(r.backoff_cap_ms !== undefined && { backoffCapMs: r.backoff_cap_ms }),
    ...(r.retry_after_cap_ms !== undefined && { retryAfterCapMs: r.retry_after_cap_ms }),
    ...(t.headers_ms !== undefined && { headersTimeoutMs: t.headers_ms }),
    ...(t.first_token_ms !== undefined && { firstTokenTimeoutMs: t.first_token_ms }),
    ...(t.idle_ms !== undefined && { idleTimeoutMs: t.idle_ms }),
    ...(t.total_ms !== undefined && { totalTimeoutMs: t.total_ms }),
  };
}

/**
 * Resolves what the client asked for (a route name, a model id or alias, or an OpenRouter-style
 * `models` list) into an ordered list of deployments, after the key's allow-list and the request's
 * capability needs have filtered it.
 */
export class Router {
  readonly latency = new LatencyStats();

  constructor(private current: RoutingTable, private readonly basePolicy: RetryPolicy) {}

  /** Swap in a reloaded config; plans already made keep the old table's objects. */
  setTable(table: RoutingTable): void {
    this.current = table;
  }

  available(): CatalogModel[] {
    return this.current.available();
  }

  /** The routing table in force now. */
  table(): RoutingTable {
    return this.current;
  }

  getModel(id: string): CatalogModel | undefined {
    return this.current.catalog.getModel(id);
  }

  plan(names: string[], key: KeyRecord, needs: Needs, opts: PlanOptions = {}): RoutePlan {
    const table = this.current;
    const candidates: Deployment[] = [];
    const unknown: string[] = [];
    const denied: string[] = [];
    const incapable: string[] = [];
    let firstRoute: RouteConfig | undefined;
    const tenant = opts.tenant;
    const consider = (model: CatalogModel | undefined, name: string, deps: Array<Deployment | null>) => {
      const usable = model && model.mode === needs.mode ? deps.filter((d): d is Deployment => d !== null) : [];
      if (!model || usable.length === 0) return void unknown.push(name);
      if (!allowed(key, name, model)) return void denied.push(name);
      const caps = model.capabilities;
      if ((needs.tools && !caps.tools) || (needs.vision && !caps.vision) || (needs.jsonSchema && !caps.jsonSchema)) return void incapable.push(name);
      for (const dep of usable) if (!candidates.some((c) => c.id === dep.id)) candidates.push(dep);
    };

    for (const name of names) {
      const tenantRoute = tenant?.routes.get(name);
      const route = tenantRoute ?? table.routes.get(name);
      if (route) {
        firstRoute ??= route;
        const routeDeps: Deployment[] = [];
        const before = candidates.length;
        route.targets.forEach((t, i) => {
          const model = table.catalog.getModel(t.model);
          const credId = tenantRoute?.credentialIds[i];
          const cred = credId ? tenant?.credentials.get(credId) : model ? tenant?.byProvider.get(model.provider) : undefined;
          consider(model, name, [model && cred ? table.byokDeployment(model, cred, t.weight ?? 1) : model ? table.deployment(model, t.provider, t.weight ?? 1) : null]);
        });
        routeDeps.push(...candidates.splice(before));
        candidates.push(...orderDeployments(route.strategy as Strategy, routeDeps, { latency: this.latency, promptTokens: opts.promptTokens ?? 0, outputTokens: opts.outputTokens ?? 0 }));
      } else {
        const model = table.catalog.getModel(name);
        const cred = model ? tenant?.byProvider.get(model.provider) : undefined;
        // The tenant's own key first; the platform's as the fallback.
        consider(model, name, model ? [cred ? table.byokDeployment(model, cred) : null, table.deployment(model)] : []);
      }
    }

    let deployments = applyProviderPrefs(candidates, opts.provider, this.latency);
    if (opts.pin) {
      deployments = deployments.filter((d) => d.id === opts.pin || d.model.id === opts.pin || d.provider.id === opts.pin);
      if (deployments.length === 0) throw new GatewayError(400, `The pinned target '${opts.pin}' is not among this request's candidates.`, "invalid_request_error", "invalid_target", "x-switchboard-target");
      deployments = deployments.slice(0, 1);
    }
    if (deployments.length > 0) {
      return { requestedModel: names[0]!, deployments, policy: mergePolicy(this.basePolicy, firstRoute), ...(firstRoute?.cache && { cache: firstRoute.cache }) };
    }
    if (denied.length > 0) {
      throw new GatewayError(403, `This API key is not allowed to use the model '${denied[0]}'.`, "permission_error", "model_not_allowed", "model");
    }
    if (incapable.length > 0) {
      const what = [needs.tools && "tools", needs.vision && "image inputs", needs.jsonSchema && "json_schema output"].filter(Boolean).join(", ");
      throw new GatewayError(400, `The model '${incapable[0]}' does not support ${what}.`, "invalid_request_error", "model_capability_missing", "model");
    }
    if (candidates.length > 0) throw new GatewayError(400, "No candidate is left after applying the provider preferences.", "invalid_request_error", "no_provider_left", "provider");
    throw new GatewayError(404, `The model '${unknown[0]}' does not exist or is not available on this gateway.`, "invalid_request_error", "model_not_found", "model");
  }
}

function applyProviderPrefs(ds: Deployment[], prefs: ProviderPrefs | undefined, latency: LatencyStats): Deployment[] {
  if (!prefs) return ds;
  let out = ds;
  if (prefs.only) out = out.filter((d) => prefs.only!.includes(d.provider.id));
  if (prefs.ignore) out = out.filter((d) => !prefs.ignore!.includes(d.provider.id));
  if (prefs.sort === "price") out = orderDeployments("cost", out, { latency, promptTokens: 1, outputTokens: 1 });
  if (prefs.sort === "latency") out = orderDeployments("latency", out, { latency, promptTokens: 0, outputTokens: 0 });
  if (prefs.order) {
    const rank = (d: Deployment) => {
      const i = prefs.order!.indexOf(d.provider.id);
      return i === -1 ? prefs.order!.length : i;
    };
    out = [...out].sort((a, b) => rank(a) - rank(b));
  }
  if (prefs.allow_fallbacks === false) out = out.slice(0, 1);
  return out;
}

function allowed(key: KeyRecord, name: string, model: CatalogModel): boolean {
  if (key.allowedModels.length === 0) return true;
  return key.allowedModels.includes(model.id) || key.allowedModels.includes(name) || model.aliases.some((a) => key.allowedModels.includes(a));
}
