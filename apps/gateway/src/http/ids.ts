import { randomFillSync } from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
// One syscall per 4 KiB of randomness instead of one per id (ids are made several times per request).
const pool = Buffer.alloc(4096);
let offset = pool.length;

/** Random base62 id from a pooled CSPRNG buffer (rejection sampling keeps the characters uniform). */
export function randomId(length: number): string {
  let out = "";
  while (out.length < length) {
    if (offset >= pool.length) {
      randomFillSync(pool);
      offset = 0;
    }
    const b = pool[offset++]!;
    if (b < 248) out += ALPHABET[b % 62];
  }
  return out;
}
