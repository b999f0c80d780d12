import { createHash, timingSafeEqual } from "node:crypto";
import { randomBase62 } from "./base62.js";

export const API_KEY_PREFIX = "sk-sb-";
export const MANAGEMENT_TOKEN_PREFIX = "sb-mgmt-";
/** 40 base62 characters ≈ 238 bits of entropy: far beyond guessing, even offline against the hash. */
export const SECRET_BODY_LENGTH = 40;

export interface GeneratedSecret {
  /** The full secret; shown to the user exactly once and never stored. */
  key: string;
  /** SHA-256 hex of `key`: the only form persisted and looked up. */
  hash: string;
  /**
   * What the dashboard shows to identify a key: the first 12 characters, "…", then the last 4,
   * e.g. `sk-sb-Ab3dE9…x7Qz`. 6 + 4 random characters leak ~60 of 238 bits, still leaving ~178.
   */
  displayPrefix: string;
}

const BODY = `[0-9A-Za-z]{${SECRET_BODY_LENGTH}}`;
const API_KEY_RE = new RegExp(`^${API_KEY_PREFIX}${BODY}$`);
const MANAGEMENT_TOKEN_RE = new RegExp(`^${MANAGEMENT_TOKEN_PREFIX}${BODY}$`);
const HEX_RE = /^[0-9a-fA-F]+$/;

/** SHA-256 hex digest; keys carry enough entropy that a slow KDF would add latency without security. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function displayPrefixOf(secret: string): string {
  return `${secret.slice(0, 12)}…${secret.slice(-4)}`;
}

function generate(prefix: string): GeneratedSecret {
  const key = prefix + randomBase62(SECRET_BODY_LENGTH);
  return { key, hash: hashSecret(key), displayPrefix: displayPrefixOf(key) };
}

export function generateApiKey(): GeneratedSecret {
  return generate(API_KEY_PREFIX);
}

export function generateManagementToken(): GeneratedSecret {
  return generate(MANAGEMENT_TOKEN_PREFIX);
}

export const hashApiKey = hashSecret;
export const hashManagementToken = hashSecret;

/** Cheap shape check so junk bearer tokens are rejected before hashing or any cache/Redis lookup. */
export function looksLikeApiKey(value: unknown): value is string {
  return typeof value === "string" && value.length === API_KEY_PREFIX.length + SECRET_BODY_LENGTH && API_KEY_RE.test(value);
}

export function looksLikeManagementToken(value: unknown): value is string {
  return (
    typeof value === "string" &&
    value.length === MANAGEMENT_TOKEN_PREFIX.length + SECRET_BODY_LENGTH &&
    MANAGEMENT_TOKEN_RE.test(value)
  );
}

/**
 * Constant-time comparison of two hex strings (e.g. SHA-256 digests). Returns false, never throws,
 * for malformed hex or different lengths; lengths are public (digests have a fixed size), contents are not.
 */
export function safeEqualHex(a: string, b: string): boolean {
  if (a.length !== b.length || a.length === 0 || a.length % 2 !== 0) return false;
  if (!HEX_RE.test(a) || !HEX_RE.test(b)) return false;
  return timingSafeEqual(Buffer.from(a, "hex"), Buffer.from(b, "hex"));
}
