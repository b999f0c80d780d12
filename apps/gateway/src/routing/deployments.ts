import { listProviders, type CatalogModel, type ProviderInfo } from "@switchboard/catalog";
import type { UpstreamTarget } from "@switchboard/spec";

/** A concrete place a request can go: provider × model × credential. Circuit breakers and latency stats key on `id`. */
export interface Deployment {
  id: string;
  provider: ProviderInfo;
  model: CatalogModel;
  target: UpstreamTarget;
}

export interface ProviderRuntime {
  provider: ProviderInfo;
  baseUrl: string;
  apiKey: string;
}

/**
 * Which providers this gateway can call, from the environment: a provider is usable when its API key
 * variable is set. The mock providers (the local demo upstream) are always usable.
 */
export function resolveProviders(providerEnv: Record<string, string | undefined>, mockUrl: string): Map<string, ProviderRuntime> {
  const out = new Map<string, ProviderRuntime>();
  const mock = mockUrl.replace(/\/+$/, "");
  for (const provider of listProviders()) {
    const isMock = provider.id === "mock" || provider.id.startsWith("mock-");
    const apiKey = providerEnv[provider.apiKeyEnv] ?? (isMock ? "mock-key" : undefined);
    if (!apiKey) continue;
    const envBase = provider.baseUrlEnv ? providerEnv[provider.baseUrlEnv] : undefined;
    const mockBase = provider.kind === "openai-compatible" ? `${mock}/v1` : mock;
    out.set(provider.id, { provider, apiKey, baseUrl: envBase ?? (isMock ? mockBase : provider.defaultBaseUrl) });
  }
  return out;
}

export function deploymentFor(model: CatalogModel, rt: ProviderRuntime): Deployment {
  return {
    id: `${rt.provider.id}/${model.upstreamModel}`,
    provider: rt.provider,
    model,
    target: { baseUrl: rt.baseUrl, apiKey: rt.apiKey, upstreamModel: model.upstreamModel },
  };
}
