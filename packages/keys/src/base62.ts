import { randomBytes } from "node:crypto";

export const BASE62_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// 62 * 4 = 248: bytes at or above it are rejected so every character is uniformly likely
// (a plain `byte % 62` would favour the first 8 characters).
const REJECT_AT = 248;

/** `length` characters of uniformly random base62 from the OS CSPRNG (≈5.95 bits each). */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    // Over-draw a little so one randomBytes call almost always suffices.
    const bytes = randomBytes(Math.ceil((length - out.length) * 1.1) + 4);
    for (const byte of bytes) {
      if (byte >= REJECT_AT) continue;
      out += BASE62_ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}
