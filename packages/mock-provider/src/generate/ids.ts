import { base62, fnv1a } from "./hash.js";

// Ids are unique per response (like the real APIs) rather than derived from the request, so two
// identical requests yield identical content but distinguishable ids. A per-process salt keeps
// ids from two mock instances apart.
const processSalt = fnv1a(`${process.pid}:${Date.now()}`);
let counter = 0;

/** A fresh id: `prefix` followed by `length` base62 characters. */
export function newId(prefix: string, length: number): string {
  counter = (counter + 1) >>> 0;
  return prefix + base62(processSalt ^ Math.imul(counter, 0x9e3779b1), length);
}
