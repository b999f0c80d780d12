import { encryptSecret, generateKeyringKey, parseKeyring } from "@switchboard/keys";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isInternalAddress } from "../src/tenancy/ssrf-guard.js";
import { startTestGateway, type TestGateway } from "./harness.js";

const KEYRING = `1:${generateKeyringKey()}`;

async function addCredential(t: TestGateway, tenantId: string, opts: { provider: string; baseUrl: string | null; secret: string; name: string }) {
  const row = await t.prisma.providerCredential.create({ data: { tenantId, provider: opts.provider, kind: "openai-compatible", name: opts.name, baseUrl: opts.baseUrl, encryptedSecret: Buffer.from("pending"), keyVersion: 1 } });
  const ct = encryptSecret(opts.secret, parseKeyring(KEYRING), { context: `provider_credential:${row.id}` });
  await t.prisma.providerCredential.update({ where: { id: row.id }, data: { encryptedSecret: Buffer.from(ct, "utf8") } });
  return row.id;
}

describe("SSRF guard for tenant base URLs", () => {
  it("classifies internal addresses", () => {
    for (const ip of ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1"]) expect(isInternalAddress(ip), ip).toBe(true);
    for (const ip of ["8.8.8.8", "1.1.1.1", "172.32.0.1", "2606:4700::1111"]) expect(isInternalAddress(ip), ip).toBe(false);
  });

  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ SECRETS_KEYRING: KEYRING });
  });
  afterAll(() => t?.close());

  it("refuses a BYOK credential whose base URL points inside (loopback, metadata), before any connection", async () => {
    for (const baseUrl of [`${t.mock.url}/v1`, "http://169.254.169.254/latest/meta-data", "http://localhost:1/v1"]) {
      const tenantId = await t.createTenant();
      await addCredential(t, tenantId, { provider: "mock", baseUrl, secret: "tenant-secret", name: `c-${Math.random()}` });
      const { key } = await t.createKey({ tenantId });
      t.mock.reset();
      const err = await t.client(key).chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "hi" }] }).catch((e: unknown) => e);
      expect(err, baseUrl).toBeInstanceOf(OpenAI.BadRequestError);
      expect((err as InstanceType<typeof OpenAI.APIError>).code).toBe("upstream_url_forbidden");
      expect(t.mock.requests()).toHaveLength(0);
    }
  });
});

describe("tenant settings come before platform settings", () => {
  let t: TestGateway;
  beforeAll(async () => {
    // The operator allows private upstreams here, so the BYOK credential can reach the local mock.
    t = await startTestGateway({ SECRETS_KEYRING: KEYRING, ALLOW_PRIVATE_UPSTREAMS: "true" });
  });
  afterAll(() => t?.close());

  it("uses the tenant's own key (BYOK) for its provider, decrypted from the database", async () => {
    const tenantId = await t.createTenant();
    await addCredential(t, tenantId, { provider: "mock", baseUrl: `${t.mock.url}/v1`, secret: "tenant-own-secret", name: "mine" });
    const { key } = await t.createKey({ tenantId });
    t.mock.reset();
    await t.client(key).chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "byok" }] });
    expect(t.mock.requests().at(-1)?.headers.authorization).toBe("Bearer tenant-own-secret");

    // Another tenant without BYOK uses the platform credential.
    const other = await t.createKey();
    t.mock.reset();
    await t.client(other.key).chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "platform" }] });
    expect(t.mock.requests().at(-1)?.headers.authorization).toBe("Bearer mock-key");
  });

  it("resolves a tenant route by name, and invalidation picks up changes", async () => {
    const tenantId = await t.createTenant();
    const { key } = await t.createKey({ tenantId });
    await t.prisma.routingPolicy.create({ data: { tenantId, name: "team-default", strategy: "fallback", targets: [{ model: "mock/claude-mock" }] } });
    const first = await t.client(key).chat.completions.create({ model: "team-default", messages: [{ role: "user", content: "x" }] });
    expect(first.model).toBe("mock/claude-mock");
    // Other tenants don't see it.
    const other = await t.createKey();
    await expect(t.client(other.key).chat.completions.create({ model: "team-default", messages: [{ role: "user", content: "x" }] })).rejects.toBeInstanceOf(OpenAI.NotFoundError);

    await t.prisma.routingPolicy.updateMany({ where: { tenantId, name: "team-default" }, data: { targets: [{ model: "mock/gemini-mock" }] } });
    const { Redis } = await import("ioredis");
    const pub = new Redis(t.redisUrl);
    await pub.publish("sb:tenant:invalidate", tenantId);
    pub.disconnect();
    await new Promise((r) => setTimeout(r, 200));
    const second = await t.client(key).chat.completions.create({ model: "team-default", messages: [{ role: "user", content: "x" }] });
    expect(second.model).toBe("mock/gemini-mock");
  });
});
