import type { IncomingHttpHeaders } from "node:http";
import { hashApiKey, looksLikeApiKey } from "@switchboard/keys";
import { GatewayError } from "../http/errors.js";
import { extractApiKey } from "./extract-key.js";
import type { KeyCache } from "./key-cache.js";
import type { KeyRecord } from "./key-record.js";

const unauthorized = (message: string, code: string) => new GatewayError(401, message, "invalid_request_error", code);

/**
 * Who is calling: a key looked up by its SHA-256 through the cache. Revoked, expired and suspended-tenant
 * keys get distinct errors so users know what to fix.
 */
export async function authenticate(headers: IncomingHttpHeaders, cache: KeyCache, now = Date.now()): Promise<KeyRecord> {
  const key = extractApiKey(headers);
  if (!key) throw unauthorized("You didn't provide an API key. Send it as 'Authorization: Bearer sk-sb-…'.", "missing_api_key");
  if (!looksLikeApiKey(key)) throw unauthorized("Incorrect API key provided. Switchboard keys start with 'sk-sb-'.", "invalid_api_key");
  let record: KeyRecord | null;
  try {
    record = await cache.get(hashApiKey(key));
  } catch {
    throw new GatewayError(503, "Key verification is temporarily unavailable. Please retry.", "server_error", "auth_unavailable", null, { "retry-after": "1" });
  }
  if (!record) throw unauthorized("Incorrect API key provided.", "invalid_api_key");
  if (record.revokedAt !== null && record.revokedAt <= now) throw unauthorized("This API key has been revoked.", "api_key_revoked");
  if (record.expiresAt !== null && record.expiresAt <= now) throw unauthorized(`This API key expired on ${new Date(record.expiresAt).toISOString()}.`, "api_key_expired");
  if (record.tenantStatus !== "active") {
    throw new GatewayError(403, `This organisation is suspended${record.suspendReason ? `: ${record.suspendReason}` : ""}. Update billing in the dashboard to restore access.`, "permission_error", "tenant_suspended");
  }
  return record;
}
