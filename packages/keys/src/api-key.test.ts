import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  displayPrefixOf,
  generateApiKey,
  generateManagementToken,
  hashApiKey,
  looksLikeApiKey,
  looksLikeManagementToken,
  safeEqualHex,
} from "./api-key.js";
import { BASE62_ALPHABET, randomBase62 } from "./base62.js";

describe("generateApiKey", () => {
  it("produces sk-sb- plus 40 base62 characters, its SHA-256 and a display prefix", () => {
    const { key, hash, displayPrefix } = generateApiKey();
    expect(key).toMatch(/^sk-sb-[0-9A-Za-z]{40}$/);
    expect(hash).toBe(createHash("sha256").update(key).digest("hex"));
    expect(hash).toBe(hashApiKey(key));
    expect(displayPrefix).toBe(`${key.slice(0, 12)}…${key.slice(-4)}`);
    expect(displayPrefix).toHaveLength(17);
    expect(looksLikeApiKey(key)).toBe(true);
    expect(looksLikeManagementToken(key)).toBe(false);
  });

  it("never repeats across many generations", () => {
    const keys = new Set(Array.from({ length: 5000 }, () => generateApiKey().key));
    expect(keys.size).toBe(5000);
  });

  it("draws characters uniformly from the whole alphabet", () => {
    const counts = new Map<string, number>();
    const sample = randomBase62(62 * 2000);
    for (const ch of sample) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const ch of BASE62_ALPHABET) {
      // Expected 2000 each; a modulo bias would push the first 8 characters ~3% above the rest.
      expect(counts.get(ch)).toBeGreaterThan(1700);
      expect(counts.get(ch)).toBeLessThan(2300);
    }
  });
});

describe("management tokens", () => {
  it("use the sb-mgmt- prefix and are not mistaken for API keys", () => {
    const { key, hash, displayPrefix } = generateManagementToken();
    expect(key).toMatch(/^sb-mgmt-[0-9A-Za-z]{40}$/);
    expect(hash).toBe(hashApiKey(key));
    expect(displayPrefix).toBe(displayPrefixOf(key));
    expect(looksLikeManagementToken(key)).toBe(true);
    expect(looksLikeApiKey(key)).toBe(false);
  });
});

describe("looksLikeApiKey", () => {
  const good = generateApiKey().key;
  it.each([
    ["empty", ""],
    ["prefix only", "sk-sb-"],
    ["one char short", good.slice(0, -1)],
    ["one char long", `${good}a`],
    ["openai key", `sk-proj-${"a".repeat(40)}`],
    ["non-base62 char", `sk-sb-${"a".repeat(39)}-`],
    ["trailing newline", `${good}\n`],
    ["leading space", ` ${good.slice(1)}`],
    ["uppercase prefix", good.replace("sk-sb-", "SK-SB-")],
  ])("rejects %s", (_label, value) => {
    expect(looksLikeApiKey(value)).toBe(false);
  });
  it("rejects non-strings", () => {
    expect(looksLikeApiKey(undefined)).toBe(false);
    expect(looksLikeApiKey(42)).toBe(false);
  });
});

describe("safeEqualHex", () => {
  const a = hashApiKey("a");
  const b = hashApiKey("b");
  it("compares digests", () => {
    expect(safeEqualHex(a, a)).toBe(true);
    expect(safeEqualHex(a, a.toUpperCase())).toBe(true);
    expect(safeEqualHex(a, b)).toBe(false);
  });
  it("returns false instead of throwing on malformed input", () => {
    expect(safeEqualHex(a, a.slice(0, 62))).toBe(false);
    expect(safeEqualHex("", "")).toBe(false);
    expect(safeEqualHex("zz", "zz")).toBe(false);
    expect(safeEqualHex("abc", "abc")).toBe(false);
  });
});
