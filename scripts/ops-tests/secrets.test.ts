import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrismaClient, type PrismaClient } from "@switchboard/db";
import { getFreePort, startRedis, type RedisHandle } from "@switchboard/devstack";
import { generateKeyringKey } from "@switchboard/keys";
import { createTestDatabase, testMailInbox, type TestDatabase } from "@switchboard/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, startGateway, startMock, startWorker, waitFor, type GatewayProc, type WorkerProc } from "./support/procs.js";
import { addByokCredential, createKey, query, requestLogCount, revokeKey, type SeededKey } from "./support/tenants.js";

// Issue "Reliability and security" §2: no plaintext API key or provider secret in anything the system
// prints, stores in request_logs, keeps in Redis, or returns in an error.

const KEYRING = `1:${generateKeyringKey()}`;
const BYOK_SECRET = `byok-SECRET-${randomBytes(12).toString("hex")}`;
const PLATFORM_SECRET = `platform-SECRET-${randomBytes(12).toString("hex")}`;

let redisSrv: RedisHandle;
let redis: Redis;
let db: TestDatabase;
let prisma: PrismaClient;
let mock: Awaited<ReturnType<typeof startMock>>;
let gw: GatewayProc;
let worker: WorkerProc;
let tmp: string;
let byokKey: SeededKey;
let platformKey: SeededKey;
let revokedKey: SeededKey;

/** Every byte returned to a client (status line data, headers and body), for the scan. */
const returned: Array<{ what: string; text: string }> = [];

async function raw(what: string, opts: { key?: string; header?: string; body: unknown; path?: string }): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (opts.key !== undefined) headers[opts.header ?? "authorization"] = (opts.header ?? "authorization") === "authorization" ? `Bearer ${opts.key}` : opts.key;
  const res = await fetch(`${gw.url}${opts.path ?? "/v1/chat/completions"}`, { method: "POST", headers, body: typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body) });
  const text = await res.text();
  returned.push({ what, text: `${res.status}\n${[...res.headers].map(([k, v]) => `${k}: ${v}`).join("\n")}\n\n${text}` });
  return { status: res.status, text };
}

const msg = (content: string, extra: Record<string, unknown> = {}) => ({ model: "gpt-mock", messages: [{ role: "user", content }], ...extra });

beforeAll(async () => {
  ensureBuilt();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sb-ops-secrets-"));
  redisSrv = await startRedis({ port: await getFreePort() });
  redis = new Redis(redisSrv.url);
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  mock = await startMock();
  // A platform provider whose credential comes from the environment (the operator's own key).
  const config = path.join(tmp, "switchboard.yaml");
  fs.writeFileSync(
    config,
    `providers:
  - id: vendor
    kind: openai-compatible
    base_url: ${mock.url}/v1
    api_key_env: VENDOR_API_KEY
models:
  - id: vendor/gpt-mock
    provider: vendor
    kind: openai-compatible
    upstreamModel: gpt-mock
    aliases: [vendor-mock]
    mode: chat
    contextWindow: 16384
    maxOutputTokens: 4096
    capabilities: { tools: true, parallelTools: true, vision: false, jsonSchema: true, reasoning: false, embeddings: false }
    prices: [{ effectiveFrom: "2025-01-01", inputPerMtok: 1000000, outputPerMtok: 2000000 }]
    source: { url: "http://127.0.0.1/", retrieved: "2026-11-21" }
defaults:
  # Every request here must reach the upstream: no circuit may open on the deliberate failures.
  circuit_breaker: { failure_threshold: 100000 }
`,
  );
  gw = await startGateway({
    databaseUrl: db.url,
    redisUrl: redisSrv.url,
    mockUrl: mock.url,
    env: { SECRETS_KEYRING: KEYRING, ALLOW_PRIVATE_UPSTREAMS: "true", SWITCHBOARD_CONFIG: config, VENDOR_API_KEY: PLATFORM_SECRET, LOG_LEVEL: "debug" },
  });
  worker = await startWorker({ databaseUrl: db.url, redisUrl: redisSrv.url, smtpUrl: testMailInbox().smtpUrl, env: { LOG_LEVEL: "debug" } });

  byokKey = await createKey(prisma, { storeRequestBodies: true });
  await addByokCredential(prisma, { tenantId: byokKey.tenantId, keyring: KEYRING, provider: "mock", baseUrl: `${mock.url}/v1`, secret: BYOK_SECRET });
  platformKey = await createKey(prisma, { storeRequestBodies: true });
  revokedKey = await createKey(prisma, { tenantId: byokKey.tenantId });
}, 180_000);

afterAll(async () => {
  await Promise.allSettled([gw, worker, mock].filter(Boolean).map((p) => p.stop()));
  redis?.disconnect();
  await prisma?.$disconnect();
  await db?.drop().catch(() => {});
  await redisSrv?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}, 120_000);

describe("secrets never leak", () => {
  it("the BYOK secret is what the upstream receives (so the scan below is meaningful)", async () => {
    await mock.admin("/__mock/reset", {});
    expect((await raw("byok success", { key: byokKey.key, body: msg("hello [[mock tokens=5]]") })).status).toBe(200);
    const reqs = (await mock.admin("/__mock/requests?limit=5")).requests as Array<{ headers: Record<string, string> }>;
    expect(reqs.at(-1)?.headers.authorization).toBe(`Bearer ${BYOK_SECRET}`);
    expect((await raw("platform success", { key: platformKey.key, body: msg("hi [[mock tokens=5]]", { model: "vendor-mock" }) })).status).toBe(200);
    const last = ((await mock.admin("/__mock/requests?limit=5")).requests as Array<{ headers: Record<string, string> }>).at(-1);
    expect(last?.headers.authorization).toBe(`Bearer ${PLATFORM_SECRET}`);
  });

  it("exercises success, streams, upstream errors, bad, revoked and misplaced keys", async () => {
    for (const [k, model] of [
      [byokKey.key, "gpt-mock"],
      [platformKey.key, "vendor-mock"],
    ] as const) {
      const m = (c: string, extra: Record<string, unknown> = {}) => msg(c, { model, ...extra });
      expect((await raw("success", { key: k, body: m("a [[mock tokens=4]]") })).status).toBe(200);
      expect((await raw("stream", { key: k, body: m("b [[mock tokens=4]]", { stream: true, stream_options: { include_usage: true } }) })).status).toBe(200);
      expect((await raw("x-api-key header", { key: k, header: "x-api-key", body: m("c") })).status).toBe(200);
      expect((await raw("api-key header", { key: k, header: "api-key", body: m("c2") })).status).toBe(200);
      for (const status of [400, 401, 403, 404, 429, 500, 503]) {
        const r = await raw(`upstream ${status}`, { key: k, body: m(`d [[mock status=${status}]]`) });
        expect(r.status, `upstream ${status}`).toBeGreaterThanOrEqual(400);
      }
      for (const err of ["auth", "context_length", "server", "timeout"]) await raw(`upstream error=${err}`, { key: k, body: m(`e [[mock error=${err}]]`) });
      await raw("stream cut", { key: k, body: m("f [[mock fault=cut after=3]]", { stream: true }) });
      await raw("malformed", { key: k, body: m("g [[mock fault=malformed]]") });
      await raw("reset", { key: k, body: m("h [[mock fault=reset]]") });
      await raw("bad body", { key: k, body: "{not json" });
      await raw("invalid field", { key: k, body: { model, messages: [{ role: "wizard", content: "x" }] } });
      await raw("unknown model", { key: k, body: m("i", { model: "no-such-model" }) });
      await raw("embeddings", { key: k, path: "/v1/embeddings", body: { model: "text-embedding-mock", input: "x" } });
      // Bad keys: one character off, truncated, the key without its scheme, no key.
      const flipped = k.slice(0, -1) + (k.endsWith("a") ? "b" : "a");
      expect((await raw("one char off", { key: flipped, body: m("j") })).status).toBe(401);
      expect((await raw("truncated", { key: k.slice(0, -4), body: m("j") })).status).toBe(401);
      expect((await raw("bearer twice", { key: `Bearer ${k}`, body: m("j") })).status).toBeGreaterThanOrEqual(400);
      expect((await raw("no key", { body: m("j") })).status).toBe(401);
    }
    // A revoked key (after a successful use, so every cache level knew it).
    expect((await raw("before revoke", { key: revokedKey.key, body: msg("k") })).status).toBe(200);
    await revokeKey(prisma, redis, revokedKey);
    await waitFor(async () => (await raw("revoked", { key: revokedKey.key, body: msg("l") })).status === 401, { timeoutMs: 2_000, intervalMs: 50 });
    expect((await raw("revoked", { key: revokedKey.key, body: msg("l") })).text).toContain("api_key_revoked");
  }, 120_000);

  it("an upstream that echoes the credential in its error does not hand it to the client", async () => {
    // Real providers echo (part of) the key they were given: OpenAI a masked one, several compatible servers the whole value.
    for (const [k, model, secret] of [
      [byokKey.key, "gpt-mock", BYOK_SECRET],
      [platformKey.key, "vendor-mock", PLATFORM_SECRET],
    ] as const) {
      const echoes = [
        { status: 401, body: { error: { message: `Incorrect API key provided: ${secret}.`, type: "invalid_request_error", param: null, code: "invalid_api_key" } } },
        { status: 400, body: `bad request for key ${secret}` },
        { status: 500, body: { detail: `upstream auth header was Bearer ${secret}` } },
      ];
      for (const step of echoes) {
        await mock.admin("/__mock/reset", {});
        await mock.admin("/__mock/scenarios", { path: "/v1/chat/completions", responses: [step], repeat: true });
        const r = await raw(`echo ${step.status}`, { key: k, body: msg(`echo ${step.status}`, { model }) });
        expect(r.status).toBeGreaterThanOrEqual(400);
      }
    }
    await mock.admin("/__mock/reset", {});
    const leaking = returned.filter((r) => r.what.startsWith("echo") && (r.text.includes(BYOK_SECRET) || r.text.includes(PLATFORM_SECRET)));
    // A provider rejecting OUR credential is not the caller's fault: it must not look like "your key is invalid".
    const upstreamAuth = returned.filter((r) => r.what === "echo 401").map((r) => Number(r.text.split("\n")[0]));
    console.log(`[secrets] statuses returned when the upstream rejected the provider credential: ${JSON.stringify(upstreamAuth)}`);
    expect(leaking.map((r) => r.text.split("\n\n")[1])).toEqual([]);
  }, 60_000);

  it("scan: logs of gateway and worker, request_logs rows, Redis and every response contain neither the API keys nor the provider secrets", async () => {
    const tenants = [byokKey.tenantId, platformKey.tenantId];
    // Everything the gateway answered after authentication is ingested (refusals before auth have no tenant).
    await waitFor(async () => (await requestLogCount(db.url, byokKey.tenantId)) > 20 && (await requestLogCount(db.url, platformKey.tenantId)) > 20, { timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 1_500));
    const rows = await query<{ j: string }>(db.url, "SELECT row_to_json(r)::text AS j FROM request_logs r WHERE tenant_id = ANY($1)", [tenants]);
    expect(rows.length).toBeGreaterThan(40);
    // These tenants opted in to body storage; if the pipeline stores bodies, the scan covers them too.
    console.log(`[secrets] request_logs rows scanned: ${rows.length}, with a stored request body: ${rows.filter((r) => r.j.includes('"request_body":{')).length}`);

    const redisDump = await dumpRedis(redis);
    const secrets = { byokKey: byokKey.key, platformKey: platformKey.key, revokedKey: revokedKey.key, BYOK_SECRET, PLATFORM_SECRET };
    const sources: Array<[string, string]> = [
      ["gateway output", gw.output()],
      ["worker output", worker.output()],
      ["request_logs", rows.map((r) => r.j).join("\n")],
      ["redis", redisDump],
      ...returned.filter((r) => !r.what.startsWith("echo")).map((r) => [`response: ${r.what}`, r.text] as [string, string]),
    ];
    const found: string[] = [];
    for (const [where, text] of sources) for (const [name, s] of Object.entries(secrets)) if (text.includes(s)) found.push(`${name} in ${where}`);
    expect(found).toEqual([]);
    // Sanity: the sources are not empty, and they do mention the things that are fine to print.
    expect(gw.output().length).toBeGreaterThan(0);
    expect(worker.output()).toContain("worker started");
    expect(returned.length).toBeGreaterThan(50);
  }, 90_000);
});

/** Every key and value in the Redis (strings, hashes, lists, sets, sorted sets, streams) as one text. */
async function dumpRedis(r: Redis): Promise<string> {
  const out: string[] = [];
  let cursor = "0";
  let rounds = 0;
  do {
    const [next, keys] = await r.scan(cursor, "COUNT", 1000);
    cursor = next;
    for (const k of keys) {
      const type = await r.type(k);
      let v: unknown = null;
      if (type === "string") v = await r.get(k);
      else if (type === "hash") v = await r.hgetall(k);
      else if (type === "list") v = await r.lrange(k, 0, -1);
      else if (type === "set") v = await r.smembers(k);
      else if (type === "zset") v = await r.zrange(k, 0, -1);
      else if (type === "stream") v = await r.xrange(k, "-", "+");
      out.push(`${k} ${JSON.stringify(v)}`);
    }
  } while (cursor !== "0" && ++rounds < 10_000);
  return out.join("\n");
}
