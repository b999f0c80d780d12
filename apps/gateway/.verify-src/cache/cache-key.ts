import { createHash } from "node:crypto";

/** Fields that change how a response is delivered or accounted, not what the model is asked. */
const IGNORED = new Set(["stream", "stream_options", "user", "metadata", "store", "service_tier"]);

function canonical(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const keys = Object.keys(value as Record<string, unknown>).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
}

/** Exact-match key: tenant + the request normalised (sorted keys, delivery-only fields dropped). */
export function responseCacheKey(prefix: string, tenantId: string, endpoint: string, body: Record<string, unknown>): string {
  const rest: Record<string, unknown> = {};
  for (const k in body) if (!IGNORED.has(k)) rest[k] = body[k];
  const digest = createHash("sha256").update(canonical(rest)).digest("base64url");
  // The tenant hash tag keeps one tenant's cache in one Cluster slot, beside its limits.
  return `${prefix}{t:${tenantId}}:cache:${endpoint}:${digest}`;
}
