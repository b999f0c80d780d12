import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  SecretBoxError,
  decryptSecret,
  encryptSecret,
  generateKeyringKey,
  parseKeyring,
  rotateSecret,
  secretKeyVersion,
} from "./secret-box.js";

const k1 = generateKeyringKey();
const k2 = generateKeyringKey();
const ring1 = parseKeyring(`1:${k1}`);
const ring12 = parseKeyring(`1:${k1}, 2:${k2}`);

function flipChar(s: string, index: number): string {
  const c = s[index] === "A" ? "B" : "A";
  return s.slice(0, index) + c + s.slice(index + 1);
}

describe("parseKeyring", () => {
  it("parses versions and makes the highest current", () => {
    const ring = parseKeyring(`2:${k2},1:${k1}`);
    expect(ring.current).toBe(2);
    expect(ring.keys[1]).toEqual(Buffer.from(k1, "base64"));
    expect(ring.keys[2]).toEqual(Buffer.from(k2, "base64"));
  });
  it("accepts url-safe base64", () => {
    const raw = randomBytes(32);
    expect(parseKeyring(`7:${raw.toString("base64url")}`).keys[7]).toEqual(raw);
  });
  it.each([
    ["empty", ""],
    ["no version", k1],
    ["zero version", `0:${k1}`],
    ["negative version", `-1:${k1}`],
    ["short key", `1:${randomBytes(16).toString("base64")}`],
    ["long key", `1:${randomBytes(33).toString("base64")}`],
    ["not base64", `1:${"!".repeat(44)}`],
    ["duplicate", `1:${k1},1:${k2}`],
  ])("rejects %s", (_label, spec) => {
    expect(() => parseKeyring(spec)).toThrow(SecretBoxError);
  });
});

describe("encryptSecret / decryptSecret", () => {
  it("round-trips, including empty and unicode plaintexts", () => {
    for (const plaintext of ["sk-upstream-123", "", "ключ 🔑 鍵", "x".repeat(10_000)]) {
      const ct = encryptSecret(plaintext, ring1);
      expect(ct).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]*$/);
      expect(decryptSecret(ct, ring1)).toBe(plaintext);
    }
  });

  it("uses a fresh IV each time", () => {
    const a = encryptSecret("same", ring1);
    const b = encryptSecret("same", ring1);
    expect(a).not.toBe(b);
    expect(a.split(":")[1]).not.toBe(b.split(":")[1]);
  });

  it("detects tampering in iv, tag, ciphertext and version header", () => {
    const ct = encryptSecret("top secret value", ring12);
    const [v, iv, tag, body] = ct.split(":") as [string, string, string, string];
    const tampered = [
      [v, flipChar(iv, 3), tag, body],
      [v, iv, flipChar(tag, 3), body],
      [v, iv, tag, flipChar(body, 3)],
      [v, iv, tag, body.slice(0, -2)],
      ["v1", iv, tag, body], // relabelled to another existing key
    ];
    for (const parts of tampered) {
      expect(() => decryptSecret(parts.join(":"), ring12)).toThrow(SecretBoxError);
    }
  });

  it("fails with the wrong key under the same version", () => {
    const other = parseKeyring(`1:${generateKeyringKey()}`);
    expect(() => decryptSecret(encryptSecret("v", ring1), other)).toThrow(/authentication/);
  });

  it("fails when the version is missing from the keyring", () => {
    const ct = encryptSecret("v", ring12);
    expect(() => decryptSecret(ct, ring1)).toThrow(/no key for version 2/);
  });

  it("binds an optional context", () => {
    const ct = encryptSecret("v", ring1, { context: "deployment:1" });
    expect(decryptSecret(ct, ring1, { context: "deployment:1" })).toBe("v");
    expect(() => decryptSecret(ct, ring1, { context: "deployment:2" })).toThrow(SecretBoxError);
    expect(() => decryptSecret(ct, ring1)).toThrow(SecretBoxError);
  });

  it.each(["", "v1", "v1:a:b", "1:aaaa:bbbb:cccc", "vx:a:b:c", "v1:a:b:c:d", "v1:short:short:abc"])(
    "rejects malformed %j",
    (ct) => {
      expect(() => decryptSecret(ct, ring1)).toThrow(SecretBoxError);
    },
  );
});

describe("rotateSecret", () => {
  it("re-encrypts old versions under the current key and keeps the plaintext", () => {
    const old = encryptSecret("provider-key", ring1);
    expect(secretKeyVersion(old)).toBe(1);
    const rotated = rotateSecret(old, ring12);
    expect(secretKeyVersion(rotated)).toBe(2);
    expect(decryptSecret(rotated, ring12)).toBe("provider-key");
    // Once rotated, key 1 can be dropped from the ring.
    expect(decryptSecret(rotated, parseKeyring(`2:${k2}`))).toBe("provider-key");
  });
  it("leaves current-version ciphertexts unchanged but still verifies them", () => {
    const ct = encryptSecret("x", ring12);
    expect(rotateSecret(ct, ring12)).toBe(ct);
    const [v, iv, tag, body] = ct.split(":") as [string, string, string, string];
    expect(() => rotateSecret([v, iv, tag, flipChar(body.length > 0 ? body : "A", 0)].join(":"), ring12)).toThrow(SecretBoxError);
  });
});
