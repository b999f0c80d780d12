import { base62, fnv1a } from "./hash.js";

// Ids are unique per response (like the real APIs) rather than derived from the request, so two
// identical requests yield identical content but distinguishable ids. A random-looking prefix
// per process keeps two mock instances apart; a counter keeps ids cheap on the hot path.
const SALT = base62(fnv1a(`${process.pid}:${Date.now()}`), 40);
let counter = 0;

/** A fresh id: `prefix` followed by exactly `length` base62-looking characters. */
export function newId(prefix: string, length: number): string {
  counter++;
  const tail = counter.toString(36);
  const head = length > tail.length ? SALT.slice(0, Math.min(SALT.length, length - tail.length)) : "";
  return prefix + (head + tail).padStart(length, "0").slice(-length);
}
