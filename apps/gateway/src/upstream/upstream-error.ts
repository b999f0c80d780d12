import { ProviderError, type ProviderAdapter } from "@switchboard/spec";
import type { Deployment } from "../routing/table.js";

/** Every secret these deployments send upstream: keys and configured header values. */
function secretsOf(deps: readonly Deployment[]): string[] {
  const out = deps.flatMap((d) => [d.target.apiKey, ...Object.values(d.target.headers ?? {})]);
  return out.filter((s) => s && s.length >= 6);
}

/**
 * Replace any echo of our credentials in upstream text, so a provider's error can't hand a key to a
 * caller. Redacts every candidate's secrets, not only the one that answered: errors get relayed.
 */
export function redactSecrets(text: string, deps: Deployment | readonly Deployment[]): string {
  let out = text;
  for (const s of secretsOf(Array.isArray(deps) ? deps : [deps as Deployment])) if (out.includes(s)) out = out.split(s).join("***");
  return out;
}

/**
 * An upstream HTTP error as the client may see it: the provider's reason, minus our secrets. A 401/403
 * is about *our* credential, not the caller's key, so it becomes a 502 `upstream_auth_failed` (never the
 * SDK's AuthenticationError) and the provider's text, which may quote the credential, is not forwarded.
 */
export function upstreamHttpError(adapter: ProviderAdapter, dep: Deployment, status: number, headers: Record<string, string>, body: string): ProviderError {
  if (status === 401 || status === 403) {
    return new ProviderError({ status: 502, message: `The provider '${dep.provider.id}' rejected the gateway's credentials (HTTP ${status}).`, type: "server_error", code: "upstream_auth_failed", kind: "auth", isRetryable: false, provider: dep.provider.id });
  }
  const err = adapter.parseError(status, headers, body);
  err.message = redactSecrets(err.message, dep);
  return err;
}
