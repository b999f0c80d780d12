import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "./harness.js";

let t: TestGateway;
let key: string;
beforeAll(async () => {
  t = await startTestGateway();
  ({ key } = await t.createKey());
});
afterAll(() => t?.close());

const ask = (content: string, model = "gpt-mock") => ({ model, messages: [{ role: "user" as const, content }] });

async function rawPost(path: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.baseURL}${path}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers }, body });
  return { status: res.status, headers: res.headers, json: (await res.json()) as { error: { message: string; type: string; param: string | null; code: string | null } } };
}

describe("errors in OpenAI's envelope, raised as the SDK's typed errors", () => {
  it("401 for a missing, malformed, unknown, revoked or expired key, each with its own code", async () => {
    await expect(new OpenAI({ apiKey: "sk-sb-doesnotexist0000000000000000000000000000", baseURL: t.baseURL, maxRetries: 0 }).models.list()).rejects.toMatchObject({ status: 401, code: "invalid_api_key" });
    await expect(new OpenAI({ apiKey: "garbage", baseURL: t.baseURL, maxRetries: 0 }).models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const noKey = await fetch(`${t.baseURL}/models`);
    expect(noKey.status).toBe(401);
    expect(((await noKey.json()) as { error: { code: string } }).error.code).toBe("missing_api_key");

    const expired = await t.createKey({ expiresAt: new Date(Date.now() - 1000) });
    await expect(t.client(expired.key).models.list()).rejects.toMatchObject({ status: 401, code: "api_key_expired" });
    const revoked = await t.createKey();
    await t.prisma.apiKey.update({ where: { id: revoked.keyId }, data: { revokedAt: new Date() } });
    await expect(t.client(revoked.key).models.list()).rejects.toMatchObject({ status: 401, code: "api_key_revoked" });
  });

  it("sends CORS headers to browsers (requests with an Origin) and answers their preflight; every answer has a request id", async () => {
    const browser = await fetch(`${t.baseURL}/models`, { headers: { authorization: `Bearer ${key}`, origin: "https://app.example" } });
    expect(browser.headers.get("access-control-allow-origin")).toBe("*");
    expect(browser.headers.get("access-control-expose-headers")).toContain("x-request-id");
    const server = await fetch(`${t.baseURL}/models`, { headers: { authorization: `Bearer ${key}` } });
    expect(server.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await fetch(`${t.baseURL}/chat/completions`, { method: "OPTIONS", headers: { origin: "https://app.example", "access-control-request-method": "POST" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    for (const r of [browser, server, preflight]) expect(r.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("accepts the key in api-key and x-api-key headers too", async () => {
    for (const h of ["api-key", "x-api-key"]) {
      const res = await fetch(`${t.baseURL}/models`, { headers: { [h]: key } });
      expect(res.status).toBe(200);
    }
  });

  it("403 when the key may not use the model; suspended tenants are refused", async () => {
    const limited = await t.createKey({ allowedModels: ["mock/claude-mock"] });
    await expect(t.client(limited.key).chat.completions.create(ask("hi"))).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
    await expect(t.client(limited.key).chat.completions.create(ask("hi", "claude-mock"))).resolves.toBeTruthy();
    const suspended = await t.createKey();
    await t.prisma.tenant.update({ where: { id: suspended.tenantId }, data: { status: "suspended", suspendReason: "payment failed" } });
    await expect(t.client(suspended.key).models.list()).rejects.toMatchObject({ status: 403, code: "tenant_suspended" });
  });

  it("404 for an unknown model, naming it", async () => {
    const err = await t.client(key).chat.completions.create(ask("hi", "no-such-model")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect((err as InstanceType<typeof OpenAI.NotFoundError>).message).toContain("no-such-model");
  });

  it("400 names the bad param; invalid JSON and empty bodies are 400 too", async () => {
    const bad = await rawPost("/chat/completions", JSON.stringify({ model: "gpt-mock", messages: [{ role: "wizard", content: "x" }] }));
    expect(bad.status).toBe(400);
    expect(bad.json.error.type).toBe("invalid_request_error");
    expect(bad.json.error.param).toBe("messages[0].role");
    const missing = await rawPost("/chat/completions", JSON.stringify({ messages: [] }));
    expect(missing.status).toBe(400);
    expect(missing.json.error.param).toBe("model");
    const notJson = await rawPost("/chat/completions", "{nope");
    expect(notJson.status).toBe(400);
    expect(notJson.json.error.code).toBe("invalid_json");
    await expect(t.client(key).chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "x" }], temperature: 9 })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it("413 for a body over the limit, before reading it all", async () => {
    const huge = JSON.stringify({ model: "gpt-mock", messages: [{ role: "user", content: "x".repeat(21 * 1024 * 1024) }] });
    const res = await rawPost("/chat/completions", huge);
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("request_too_large");
  });

  it("429 with Retry-After and x-ratelimit headers when a key's RPM is used up", async () => {
    const limited = await t.createKey({ rpmLimit: 2 });
    const ok = await t.client(limited.key).chat.completions.create(ask("one")).withResponse();
    expect(ok.response.headers.get("x-ratelimit-limit-requests")).toBe("2");
    expect(ok.response.headers.get("x-ratelimit-remaining-requests")).toBe("1");
    await t.client(limited.key).chat.completions.create(ask("two"));
    const err = await t.client(limited.key).chat.completions.create(ask("three")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const headers = (err as InstanceType<typeof OpenAI.RateLimitError>).headers;
    expect(Number(headers?.get("retry-after"))).toBeGreaterThan(0);
    expect(headers?.get("x-ratelimit-remaining-requests")).toBe("0");
  });

  it("an organisation-wide RPM limit holds across all of its keys", async () => {
    const tenantId = await t.createTenant();
    await t.prisma.tenant.update({ where: { id: tenantId }, data: { rpmLimit: 3 } });
    const a = await t.createKey({ tenantId });
    const b = await t.createKey({ tenantId });
    await t.client(a.key).chat.completions.create(ask("1"));
    await t.client(b.key).chat.completions.create(ask("2"));
    await t.client(a.key).chat.completions.create(ask("3"));
    await expect(t.client(b.key).chat.completions.create(ask("4"))).rejects.toMatchObject({ status: 429, code: "rate_limit_requests" });
  });

  it("an upstream 500 is retried, then surfaces as a 502 with the upstream's reason", async () => {
    t.mock.reset();
    const err = await t.client(key).chat.completions.create(ask("fail [[mock status=500]]")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect((err as InstanceType<typeof OpenAI.APIError>).headers?.get("x-switchboard-attempts")).toBe("2");
    expect(t.mock.requests().filter((r) => r.path.endsWith("/chat/completions"))).toHaveLength(2);
  });

  it("a 400 from the upstream is returned as is and never retried", async () => {
    t.mock.reset();
    const err = await t.client(key).chat.completions.create(ask("[[mock status=400]]")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(t.mock.requests()).toHaveLength(1);
  });

  it("an upstream answer over MAX_UPSTREAM_BODY_BYTES is cut off and reported as a 502, not buffered", async () => {
    const small = await startTestGateway({ MAX_UPSTREAM_BODY_BYTES: "1500" });
    try {
      const { key: k } = await small.createKey();
      const ok = await small.client(k).chat.completions.create(ask("short [[mock tokens=5]]"));
      expect(ok.choices[0]?.message.content).toBeTruthy();
      await expect(small.client(k).chat.completions.create(ask("long [[mock tokens=2000]]"))).rejects.toMatchObject({ status: 502, code: "upstream_response_too_large" });
    } finally {
      await small.close();
    }
  });

  it("a stream cut after content ends with an in-band error the SDK raises, never as success", async () => {
    const stream = await t.client(key).chat.completions.create({ ...ask("cut me [[mock fault=cut after=3 chunks=10]]"), stream: true });
    const got: string[] = [];
    const iterate = async () => {
      for await (const c of stream) got.push(c.choices[0]?.delta.content ?? "");
    };
    await expect(iterate()).rejects.toBeInstanceOf(OpenAI.APIError);
    expect(got.join("").length).toBeGreaterThan(0);
  });

  it("a client that disconnects aborts the upstream request at once", async () => {
    t.mock.reset();
    const ac = new AbortController();
    const stream = await t.client(key).chat.completions.create({ ...ask("slow [[mock chunks=200 tps=20]]"), stream: true }, { signal: ac.signal });
    const started = Date.now();
    let n = 0;
    // openai-node ends (or throws from) the iteration once its signal aborts; either way we stop reading.
    await (async () => {
      for await (const _ of stream) {
        if (++n === 2) ac.abort();
      }
    })().catch(() => {});
    expect(n).toBeGreaterThanOrEqual(2);
    // The upstream socket closes promptly: the mock records the request as ended by the client well before 200 chunks at 20/s (10 s).
    await new Promise((r) => setTimeout(r, 300));
    const rec = t.mock.requests().at(-1)!;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(rec.clientAborted).toBe(true);
  });
});
