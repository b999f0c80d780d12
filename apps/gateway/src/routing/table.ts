import type { Catalog, CatalogModel, ProviderInfo } from "@switchboard/catalog";
import type { LoadedConfig, RouteConfig } from "@switchboard/config";
import type { UpstreamTarget } from "@switchboard/spec";

/** A concrete place a request can go: provider × model × credential. Breakers and latency stats key on `id`. */
export interface Deployment {
  id: string;
  provider: ProviderInfo;
  model: CatalogModel;
  target: UpstreamTarget;
  weight: number;
  /** A tenant's own credential (BYOK): connections go through the SSRF guard. */
  byok?: boolean;
}

export interface ProviderRuntime {
  provider: ProviderInfo;
  baseUrl: string;
  apiKey: string;
  headers?: Record<string, string>;
  quirks?: Record<string, unknown>;
}

/**
 * Everything routing needs, built once per config version: which providers have credentials, the
 * merged catalog and the operator's routes. Swapped atomically on reload; requests in flight keep
 * the table they started with.
 */
export class RoutingTable {
  readonly providers = new Map<string, ProviderRuntime>();
  readonly routes = new Map<string, RouteConfig>();

  constructor(readonly loaded: LoadedConfig, providerEnv: Record<string, string | undefined>, mockUrl: string | undefined) {
    const mock = mockUrl?.replace(/\/+$/, "");
    const fromFile = new Map(loaded.config.providers.map((p) => [p.id, p]));
    for (const provider of loaded.catalog.listProviders()) {
      // Simulated providers (the local mock) exist only when the mock's URL is configured; they need no key.
      if (provider.simulated && !mock) continue;
      const apiKey = providerEnv[provider.apiKeyEnv] ?? (provider.simulated ? "mock-key" : undefined);
      if (!apiKey) continue;
      const envBase = provider.baseUrlEnv ? providerEnv[provider.baseUrlEnv] : undefined;
      const simulatedBase = provider.simulated && mock ? `${mock}${new URL(provider.defaultBaseUrl).pathname.replace(/\/+$/, "")}` : undefined;
      const file = fromFile.get(provider.id);
      this.providers.set(provider.id, {
        provider,
        apiKey,
        baseUrl: file?.base_url ?? envBase ?? simulatedBase ?? provider.defaultBaseUrl,
        ...(file?.headers ? { headers: file.headers } : {}),
        ...(file?.quirks ? { quirks: file.quirks } : {}),
      });
    }
    for (const r of loaded.config.routes) this.routes.set(r.name, r);
  }

  get catalog(): Catalog {
    return this.loaded.catalog;
  }

  deployment(model: CatalogModel, providerId: string = model.provider, weight = 1): Deployment | null {
    const rt = this.providers.get(providerId);
    if (!rt) return null;
    const target: UpstreamTarget = { baseUrl: rt.baseUrl, apiKey: rt.apiKey, upstreamModel: model.upstreamModel };
    if (rt.headers) target.headers = rt.headers;
    if (rt.quirks) target.quirks = rt.quirks;
    return { id: `${providerId}/${model.upstreamModel}`, provider: rt.provider, model, target, weight };
  }

  /** The same model through a tenant's own credential; the base URL may be the tenant's. */
  byokDeployment(model: CatalogModel, cred: { id: string; provider: string; baseUrl: string | null; apiKey: string }, weight = 1): Deployment | null {
    const provider = this.catalog.getProvider(cred.provider);
    if (!provider || provider.id !== model.provider) return null;
    const target: UpstreamTarget = { baseUrl: cred.baseUrl ?? this.providers.get(provider.id)?.baseUrl ?? provider.defaultBaseUrl, apiKey: cred.apiKey, upstreamModel: model.upstreamModel };
    return { id: `${provider.id}/${model.upstreamModel}#${cred.id}`, provider, model, target, weight, byok: true };
  }

  /** Models this gateway can route to (for /v1/models). */
  available(): CatalogModel[] {
    return this.catalog.listModels().filter((m) => this.providers.has(m.provider));
  }
}
