import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Encryption of stored secrets (upstream provider credentials, webhook secrets) with versioned keys.
 * AES-256-GCM, a fresh 12-byte random IV per message, 16-byte tag. Output:
 *   `v<keyVersion>:<iv b64url>:<tag b64url>:<ciphertext b64url>`
 * The `v<n>` header is also authenticated (AAD), together with an optional caller context such as
 * a row id, so a ciphertext cannot be relabelled or pasted into another row undetected.
 */
export interface Keyring {
  /** Version used for new encryptions. */
  current: number;
  keys: Record<number, Buffer>;
}

export class SecretBoxError extends Error {
  override readonly name = "SecretBoxError";
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const CIPHERTEXT_RE = /^v(\d{1,9}):([A-Za-z0-9_-]+):([A-Za-z0-9_-]+):([A-Za-z0-9_-]*)$/;

/**
 * Parses `1:<base64 key>,2:<base64 key>` (standard or url-safe base64 of exactly 32 bytes).
 * The highest version becomes `current`: rotating means appending a new entry and redeploying,
 * old entries stay until every ciphertext has been re-encrypted with {@link rotateSecret}.
 */
export function parseKeyring(spec: string): Keyring {
  const keys: Record<number, Buffer> = {};
  let current = 0;
  const entries = spec.split(",").map((e) => e.trim()).filter((e) => e.length > 0);
  if (entries.length === 0) throw new SecretBoxError("keyring is empty");
  for (const entry of entries) {
    const sep = entry.indexOf(":");
    const versionText = sep === -1 ? "" : entry.slice(0, sep).trim();
    if (!/^[1-9]\d{0,8}$/.test(versionText)) throw new SecretBoxError("keyring entry needs a positive integer version: <n>:<base64 key>");
    const version = Number(versionText);
    if (keys[version] !== undefined) throw new SecretBoxError(`keyring version ${version} is listed twice`);
    const encoded = entry.slice(sep + 1).trim();
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) throw new SecretBoxError(`keyring version ${version} is not base64`);
    const key = Buffer.from(encoded, "base64");
    if (key.length !== KEY_BYTES) throw new SecretBoxError(`keyring version ${version} must decode to ${KEY_BYTES} bytes, got ${key.length}`);
    keys[version] = key;
    current = Math.max(current, version);
  }
  return { current, keys };
}

/** A fresh random 32-byte key, base64, for a keyring entry (`1:${generateKeyringKey()}`). */
export function generateKeyringKey(): string {
  return randomBytes(KEY_BYTES).toString("base64");
}

function keyFor(keyring: Keyring, version: number): Buffer {
  const key = keyring.keys[version];
  if (key === undefined) throw new SecretBoxError(`no key for version ${version} in the keyring`);
  if (key.length !== KEY_BYTES) throw new SecretBoxError(`key version ${version} is not ${KEY_BYTES} bytes`);
  return key;
}

function aadFor(version: number, context: string | undefined): Buffer {
  return Buffer.from(context === undefined ? `v${version}` : `v${version}\u0000${context}`, "utf8");
}

export interface SecretBoxOptions {
  /** Binds the ciphertext to where it is stored (e.g. a row id); decrypt must pass the same value. */
  context?: string;
}

export function encryptSecret(plaintext: string, keyring: Keyring, options: SecretBoxOptions = {}): string {
  const version = keyring.current;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyFor(keyring, version), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aadFor(version, options.context));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `v${version}:${iv.toString("base64url")}:${tag.toString("base64url")}:${ct.toString("base64url")}`;
}

/** Key version a ciphertext was made with, or throws on a malformed string. */
export function secretKeyVersion(ciphertext: string): number {
  const match = CIPHERTEXT_RE.exec(ciphertext);
  if (match === null) throw new SecretBoxError("malformed ciphertext");
  return Number(match[1]);
}

export function decryptSecret(ciphertext: string, keyring: Keyring, options: SecretBoxOptions = {}): string {
  const match = CIPHERTEXT_RE.exec(ciphertext);
  if (match === null) throw new SecretBoxError("malformed ciphertext");
  const version = Number(match[1]);
  const iv = Buffer.from(match[2] ?? "", "base64url");
  const tag = Buffer.from(match[3] ?? "", "base64url");
  const ct = Buffer.from(match[4] ?? "", "base64url");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxError("malformed ciphertext");
  const decipher = createDecipheriv("aes-256-gcm", keyFor(keyring, version), iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aadFor(version, options.context));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ct), decipher.final()]).toString("utf8");
  } catch {
    // Tampering, a wrong key under the right version, or a wrong context all look the same on purpose.
    throw new SecretBoxError("ciphertext failed authentication");
  }
}

/** Re-encrypts under the keyring's current version; returns the input unchanged if it already is. */
export function rotateSecret(ciphertext: string, keyring: Keyring, options: SecretBoxOptions = {}): string {
  if (secretKeyVersion(ciphertext) === keyring.current) {
    decryptSecret(ciphertext, keyring, options); // still verify, so rotation never blesses a forged value
    return ciphertext;
  }
  return encryptSecret(decryptSecret(ciphertext, keyring, options), keyring, options);
}
