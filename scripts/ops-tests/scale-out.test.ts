import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrismaClient, type PrismaClient } from "@switchboard/db";
import { getFreePort, startRedis, type RedisHandle } from "@switchboard/devstack";
import { createTestDatabase, testMailInbox, type TestDatabase } from "@switchboard/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, metric, sleep, startGateway, startMock, startWorker, waitFor, type GatewayProc, type WorkerProc } from "./support/procs.js";
import { chat, client, createKey, query, requestLogCount, revokeKey, rollupVsLogs, type Outcome } from "./support/tenants.js";

// Issue "Reliability and security" §1: two gateways and two workers on one Redis and one Postgres.

let redisSrv: RedisHandle;
let redis: Redis;
let db: TestDatabase;
let prisma: PrismaClient;
let mock: Awaited<ReturnType<typeof startMock>>;
let flaky: Awaited<ReturnType<typeof startMock>>;
let a: GatewayProc;
let b: GatewayProc;
let workers: WorkerProc[] = [];
let tmp: string;

const CIRCUIT_CONFIG = (flakyUrl: string) => `
providers:
  - id: flaky
    kind: openai-compatible
    base_url: ${flakyUrl}/v1
    api_key_env: FLAKY_API_KEY
models:
  - id: flaky/gpt-mock
    provider: flaky
    kind: openai-compatible
    upstreamModel: gpt-mock
    aliases: []
    mode: chat
    contextWindow: 16384
    maxOutputTokens: 4096
    capabilities: { tools: true, parallelTools: true, vision: false, jsonSchema: true, reasoning: false, embeddings: false }
    prices: [{ effectiveFrom: "2025-01-01", inputPerMtok: 1000000, outputPerMtok: 2000000 }]
    source: { url: "http://127.0.0.1/", retrieved: "2026-11-21" }
routes:
  - name: resilient
    strategy: fallback
    targets:
      - model: flaky/gpt-mock
      - model: mock/gpt-mock
    retry: { max_attempts_per_target: 1 }
defaults:
  circuit_breaker: { failure_threshold: 3, cooldown_ms: 300000 }
`;

beforeAll(async () => {
  ensureBuilt();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sb-ops-scale-"));
  redisSrv = await startRedis({ port: await getFreePort() });
  redis = new Redis(redisSrv.url);
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  [mock, flaky] = await Promise.all([startMock(), startMock()]);
  const config = path.join(tmp, "switchboard.yaml");
  fs.writeFileSync(config, CIRCUIT_CONFIG(flaky.url));
  const common = { databaseUrl: db.url, redisUrl: redisSrv.url, mockUrl: mock.url, env: { SWITCHBOARD_CONFIG: config, FLAKY_API_KEY: "flaky-platform-key" } };
  [a, b] = await Promise.all([startGateway(common), startGateway(common)]);
  const smtpUrl = testMailInbox().smtpUrl;
  workers = await Promise.all([0, 1].map(() => startWorker({ databaseUrl: db.url, redisUrl: redisSrv.url, smtpUrl })));
}, 180_000);

afterAll(async () => {
  await Promise.allSettled([a, b, ...workers, mock, flaky].filter(Boolean).map((p) => p.stop()));
  redis?.disconnect();
  await prisma?.$disconnect();
  await db?.drop().catch(() => {});
  await redisSrv?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}, 120_000);

/** Rate windows are fixed minutes of the Redis clock: keep a burst inside one of them. */
async function awayFromMinuteBoundary(marginMs = 10_000): Promise<void> {
  const [sec, usec] = await redis.time();
  const into = (Number(sec) * 1000 + Math.floor(Number(usec) / 1000)) % 60_000;
  if (into > 60_000 - marginMs) await sleep(60_000 - into + 250);
}

const refusals = (rs: Outcome[]) => rs.filter((r): r is Extract<Outcome, { ok: false }> => !r.ok);

describe("two gateways, two workers, one Redis, one Postgres", () => {
  it("rate limit: rpm 25 hammered with 90 concurrent requests over both gateways admits exactly 25", async () => {
    const k = await createKey(prisma, { rpmLimit: 25 });
    // Warm both key caches without spending RPM (a cold miss is not what is measured).
    await Promise.all([a, b].map((g) => client(g.baseURL, k.key).models.list()));
    await awayFromMinuteBoundary();
    const clients = [client(a.baseURL, k.key), client(b.baseURL, k.key)];
    const results = await Promise.all(Array.from({ length: 90 }, (_, i) => chat(clients[i % 2]!, `rpm ${i} [[mock tokens=3]]`)));
    const ok = results.filter((r) => r.ok);
    expect(ok).toHaveLength(25);
    for (const r of refusals(results)) expect([r.status, r.code]).toEqual([429, "rate_limit_requests"]);
    // Both replicas admitted some: the limit is shared, not per process.
    const perGateway = [0, 1].map((g) => results.filter((r, i) => r.ok && i % 2 === g).length);
    expect(perGateway[0]! + perGateway[1]!).toBe(25);
  }, 120_000);

  it("hard budget: concurrent waves spread over both gateways never push recorded spend past the budget", async () => {
    // gpt-mock: 1e6 pico per input token, 2e6 per output token; ~60 output tokens ≈ 1.3e8 pico a request.
    const limit = 2_000_000_000n;
    const k = await createKey(prisma, { budgetPicoUsd: limit });
    const clients = [client(a.baseURL, k.key), client(b.baseURL, k.key)];
    await Promise.all(clients.map((c) => c.models.list()));
    let served = 0;
    let exhausted = false;
    const seen: Outcome[] = [];
    for (let wave = 0; wave < 15 && !exhausted; wave++) {
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => chat(clients[i % 2]!, `budget ${wave}/${i} [[mock tokens=60]]`, { max_tokens: 100 })));
      seen.push(...results);
      const ok = results.filter((r) => r.ok).length;
      served += ok;
      exhausted = ok === 0;
      for (const r of refusals(results)) expect([r.status, r.code]).toEqual([429, "insufficient_quota"]);
    }
    expect(exhausted).toBe(true);
    expect(served).toBeGreaterThan(0);
    // Every answered request becomes one request_logs row; the successful ones carry the cost actually charged.
    await waitFor(async () => (await requestLogCount(db.url, k.tenantId)) >= seen.length, { timeoutMs: 60_000, intervalMs: 250 });
    const [row] = await query<{ n: string; cost: string }>(db.url, "SELECT count(*)::text n, coalesce(sum(cost_pico_usd),0)::text cost FROM request_logs WHERE tenant_id=$1 AND outcome='success'", [k.tenantId]);
    expect(Number(row!.n)).toBe(served);
    console.log(`[scale-out] budget ${limit} pico: ${served} served over ${seen.length} sent, recorded spend ${row!.cost} pico`);
    expect(BigInt(row!.cost)).toBeGreaterThan(0n);
    expect(BigInt(row!.cost)).toBeLessThanOrEqual(limit);
    // The client-visible cost headers agree with what was recorded.
    const headerCost = seen.reduce((s, r) => (r.ok ? s + BigInt(r.headers.get("x-switchboard-cost-pico-usd") ?? "0") : s), 0n);
    expect(headerCost).toBe(BigInt(row!.cost));
  }, 180_000);

  it("revocation: both gateways refuse a revoked key within 1 s", async () => {
    const k = await createKey(prisma);
    const clients = [client(a.baseURL, k.key), client(b.baseURL, k.key)];
    // Both replicas hold the key in memory (fresh for 30 s): only the broadcast can evict it.
    for (const c of clients) expect((await chat(c, "before revoke [[mock tokens=2]]")).ok).toBe(true);
    const t0 = Date.now();
    await revokeKey(prisma, redis, k);
    const refusedAfter = await Promise.all(
      clients.map(async (c) => {
        for (let i = 0; i < 60; i++) {
          const r = await chat(c, "after revoke [[mock tokens=2]]");
          if (!r.ok && r.status === 401) {
            expect(r.code).toBe("api_key_revoked");
            return Date.now() - t0;
          }
          await sleep(25);
        }
        return Infinity;
      }),
    );
    console.log(`[scale-out] revoked key refused after ${JSON.stringify(refusedAfter)} ms (gateway A, B)`);
    expect(refusedAfter[0]).toBeLessThan(1_000);
    expect(refusedAfter[1]).toBeLessThan(1_000);
    // And it stays refused on both.
    for (const c of clients) for (let i = 0; i < 5; i++) expect(await chat(c, "still revoked")).toMatchObject({ ok: false, status: 401, code: "api_key_revoked" });
  }, 60_000);

  it("circuit state: failures through gateway A open the circuit; gateway B then skips the failing deployment", async () => {
    await flaky.admin("/__mock/reset", {});
    await flaky.admin("/__mock/scenarios", { responses: [{ status: 500 }], repeat: true });
    const k = await createKey(prisma);
    const viaA = client(a.baseURL, k.key);
    const viaB = client(b.baseURL, k.key);
    // Each request fails on flaky once, then falls back to the healthy mock: the client sees success.
    let opened = false;
    for (let i = 0; i < 10 && !opened; i++) {
      const r = await chat(viaA, `circuit ${i} [[mock tokens=2]]`, { model: "resilient" });
      expect(r.ok).toBe(true);
      opened = (await metric(a.url, "sb_gateway_circuit_state", 'deployment="flaky/gpt-mock"')) === 2;
    }
    expect(opened).toBe(true);
    const flakyCallsThroughA = (await flaky.admin("/__mock/requests?limit=500")).requests.length as number;
    expect(flakyCallsThroughA).toBe(3);
    // B hears it over Redis pub/sub, without a single failure of its own.
    const bState = await waitFor(async () => (await metric(b.url, "sb_gateway_circuit_state", 'deployment="flaky/gpt-mock"')) === 2, { timeoutMs: 2_000, intervalMs: 50 });
    expect(bState).toBe(true);
    for (let i = 0; i < 10; i++) {
      const r = await chat(viaB, `via B ${i} [[mock tokens=2]]`, { model: "resilient" });
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.headers.get("x-switchboard-attempts")).toBe("1");
        expect(r.headers.get("x-switchboard-provider")).toBe("mock");
      }
    }
    // B never called the failing upstream.
    expect((await flaky.admin("/__mock/requests?limit=500")).requests.length).toBe(flakyCallsThroughA);
  }, 60_000);

  it("usage totals are exact: M requests over both gateways → exactly M request_logs rows, rollups equal per-request sums, no double count", async () => {
    const k = await createKey(prisma);
    const clients = [client(a.baseURL, k.key), client(b.baseURL, k.key)];
    const M = 400;
    const results: Outcome[] = [];
    // 20 at a time; a mix of plain, streamed and failing (500 after retries) requests.
    for (let i = 0; i < M; i += 20) {
      const wave = await Promise.all(
        Array.from({ length: 20 }, (_, j) => {
          const n = i + j;
          const c = clients[n % 2]!;
          if (n % 10 === 7) return chat(c, `usage ${n} [[mock status=400]]`);
          if (n % 10 === 3) return streamChat(c, `usage ${n} [[mock tokens=${(n % 13) + 1}]]`);
          return chat(c, `usage ${n} [[mock tokens=${(n % 17) + 1}]]`);
        }),
      );
      results.push(...wave);
    }
    expect(results.filter((r) => r.ok).length).toBe(M - M / 10);
    const ids = new Set(results.map((r) => r.requestId));
    expect(ids.size).toBe(M);
    await waitFor(async () => (await requestLogCount(db.url, k.tenantId)) >= M, { timeoutMs: 90_000, intervalMs: 250 });
    // Let any straggler (a duplicate delivery) land before counting.
    await sleep(2_000);
    const rows = await query<{ request_id: string }>(db.url, "SELECT request_id FROM request_logs WHERE tenant_id=$1", [k.tenantId]);
    expect(rows).toHaveLength(M);
    expect(new Set(rows.map((r) => r.request_id))).toEqual(ids);
    // The rollup of the M rows equals the per-request sums (hourly upserts are not applied twice).
    await waitFor(async () => (await rollupVsLogs(db.url, k.tenantId)).hourly.requests === String(M), { timeoutMs: 10_000 });
    const { logs, hourly } = await rollupVsLogs(db.url, k.tenantId);
    expect(hourly).toEqual(logs);
    expect(logs.errors).toBe(String(M / 10));
    // Both workers took part, and together they inserted each event once.
    const inserted = await Promise.all(workers.map((w) => metric(w.url, "sb_worker_usage_rows_inserted_total")));
    const duplicates = await Promise.all(workers.map((w) => metric(w.url, "sb_worker_usage_duplicates_total")));
    console.log(`[scale-out] worker rows inserted ${JSON.stringify(inserted)}, duplicates ${JSON.stringify(duplicates)}`);
  }, 240_000);
});

async function streamChat(c: ReturnType<typeof client>, content: string): Promise<Outcome> {
  try {
    const { data: stream, response } = await c.chat.completions.create({ model: "gpt-mock", stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content }] }).withResponse();
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    return { ok: true, requestId: response.headers.get("x-request-id"), headers: response.headers, body: text };
  } catch (e) {
    return { ok: false, status: 0, code: null, message: String(e), requestId: null, headers: new Headers(), body: null, transport: String(e) };
  }
}
