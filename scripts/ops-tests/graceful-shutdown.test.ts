import { createPrismaClient, type PrismaClient } from "@switchboard/db";
import { getFreePort, startRedis, type RedisHandle } from "@switchboard/devstack";
import { createTestDatabase, testMailInbox, type TestDatabase } from "@switchboard/testing";
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, metric, sleep, startGateway, startMock, startWorker, waitFor, type GatewayProc, type WorkerProc } from "./support/procs.js";
import { usageEventCounts } from "./support/queue.js";
import { chat, client, createKey, query, requestLogCount, rollupVsLogs, type Outcome } from "./support/tenants.js";

// Issue "Reliability and security" §5: SIGTERM under load → exit 0 within the grace period, nothing cut.

let redisSrv: RedisHandle;
let db: TestDatabase;
let prisma: PrismaClient;
let mock: Awaited<ReturnType<typeof startMock>>;
const procs: Array<GatewayProc | WorkerProc> = [];
let smtpUrl: string;
const GRACE_MS = 15_000;

beforeAll(async () => {
  ensureBuilt();
  redisSrv = await startRedis({ port: await getFreePort() });
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  mock = await startMock();
  smtpUrl = testMailInbox().smtpUrl;
}, 180_000);

afterAll(async () => {
  await Promise.allSettled([...procs, mock].filter(Boolean).map((p) => p.stop()));
  await prisma?.$disconnect();
  await db?.drop().catch(() => {});
  await redisSrv?.stop();
}, 120_000);

async function streamToEnd(c: OpenAI, content: string): Promise<Outcome & { text?: string; usage?: unknown }> {
  try {
    const { data: stream, response } = await c.chat.completions.create({ model: "gpt-mock", stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content }] }).withResponse();
    let text = "";
    let usage: unknown = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      if (chunk.usage) usage = chunk.usage;
    }
    return { ok: true, requestId: response.headers.get("x-request-id"), headers: response.headers, body: text, text, usage };
  } catch (e) {
    return { ok: false, status: 0, code: null, message: String(e), requestId: null, headers: new Headers(), body: null, transport: String(e) };
  }
}

describe("SIGTERM", () => {
  it("gateway: every in-flight request (plain and streamed) completes, usage is published, exit code 0 within the grace period", async () => {
    const worker = await startWorker({ databaseUrl: db.url, redisUrl: redisSrv.url, smtpUrl });
    procs.push(worker);
    const gw = await startGateway({ databaseUrl: db.url, redisUrl: redisSrv.url, mockUrl: mock.url, env: { SHUTDOWN_GRACE_MS: String(GRACE_MS) } });
    procs.push(gw);
    const k = await createKey(prisma);
    const c = client(gw.baseURL, k.key);
    await c.models.list();
    // 40 requests that each take 1–4 s upstream: plain ones with latency, streams paced by tokens per second.
    const inflight = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? chat(c, `drain ${i} [[mock tokens=10 latency_ms=${1_000 + (i % 4) * 1_000}]]`)
        : streamToEnd(c, `drain ${i} [[mock tokens=20 tps=${5 + (i % 4) * 5} chunks=20]]`),
    );
    // The gauge counts the /metrics request reading it too.
    await waitFor(async () => (await metric(gw.url, "sb_gateway_inflight_requests")) === 41, { timeoutMs: 5_000, intervalMs: 50 });
    expect(await metric(gw.url, "sb_gateway_inflight_requests")).toBe(41);
    const t0 = Date.now();
    gw.kill("SIGTERM");
    const exit = await gw.exited;
    const tookMs = Date.now() - t0;
    const results = await Promise.all(inflight);
    console.log(`[shutdown] gateway exit ${JSON.stringify(exit)} after ${tookMs} ms; ok ${results.filter((r) => r.ok).length}/40`);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(tookMs).toBeLessThan(GRACE_MS + 5_000);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    for (const [i, r] of results.entries()) {
      if (i % 2 === 1) expect((r as { usage?: unknown }).usage, `stream ${i} ended with its usage chunk`).toBeTruthy();
    }
    // Nothing was left unsent, and every answered request is metered.
    expect(gw.output()).not.toContain("usage events left unsent");
    await waitFor(async () => (await requestLogCount(db.url, k.tenantId)) >= 40, { timeoutMs: 30_000 });
    const rows = await query<{ request_id: string; outcome: string }>(db.url, "SELECT request_id, outcome FROM request_logs WHERE tenant_id=$1", [k.tenantId]);
    expect(new Set(rows.map((r) => r.request_id))).toEqual(new Set(results.map((r) => r.requestId)));
    expect(rows.every((r) => r.outcome === "success")).toBe(true);
  }, 120_000);

  it("gateway: new connections are refused once draining starts, in-flight ones still finish", async () => {
    const gw = await startGateway({ databaseUrl: db.url, redisUrl: redisSrv.url, mockUrl: mock.url, env: { SHUTDOWN_GRACE_MS: String(GRACE_MS) } });
    procs.push(gw);
    const k = await createKey(prisma);
    const slow = chat(client(gw.baseURL, k.key), "slow [[mock tokens=5 latency_ms=2500]]");
    await waitFor(async () => (await metric(gw.url, "sb_gateway_inflight_requests")) === 2, { timeoutMs: 5_000, intervalMs: 50 });
    gw.kill("SIGTERM");
    await sleep(300);
    // A fresh client (new connection): the listener is closed, so a load balancer moves it elsewhere.
    const late = await fetch(`${gw.url}/health`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.status,
      (e: unknown) => String(e),
    );
    expect(late).not.toBe(200);
    expect((await slow).ok).toBe(true);
    expect(await gw.exited).toEqual({ code: 0, signal: null });
  }, 60_000);

  it("worker: SIGTERM mid-ingestion finishes the batch in flight, leaves no active job, exits 0; a successor ingests the rest exactly once", async () => {
    for (const p of procs) if (p.name.startsWith("worker")) await p.stop();
    const gw = await startGateway({ databaseUrl: db.url, redisUrl: redisSrv.url, mockUrl: mock.url });
    procs.push(gw);
    const k = await createKey(prisma);
    const c = client(gw.baseURL, k.key);
    // Fill the queue with no worker running.
    const results: Outcome[] = [];
    for (let i = 0; i < 3_000; i += 50) results.push(...(await Promise.all(Array.from({ length: 50 }, (_, j) => chat(c, `w ${i + j} [[mock tokens=${(j % 5) + 1}]]`)))));
    expect(results.every((r) => r.ok)).toBe(true);
    await waitFor(async () => (await usageEventCounts(redisSrv.url)).waiting! >= 3_000, { timeoutMs: 20_000 });

    // Small batches so SIGTERM lands with batches in flight and jobs active; few jobs held at once (each
    // carries a gateway tick's events, up to 50 here) so most of the queue is still waiting at SIGTERM.
    const w1 = await startWorker({ databaseUrl: db.url, redisUrl: redisSrv.url, smtpUrl, env: { INGEST_BATCH_SIZE: "50", USAGE_CONCURRENCY: "4", INGEST_MAX_WAIT_MS: "50" } });
    procs.push(w1);
    await waitFor(async () => (await requestLogCount(db.url, k.tenantId)) > 200, { timeoutMs: 60_000, intervalMs: 20 });
    const atTerm = await usageEventCounts(redisSrv.url);
    const t0 = Date.now();
    w1.kill("SIGTERM");
    const exit = await w1.exited;
    const tookMs = Date.now() - t0;
    const afterExit = await usageEventCounts(redisSrv.url);
    const rowsAfterExit = await requestLogCount(db.url, k.tenantId);
    const [all] = await query<{ n: string }>(db.url, "SELECT count(*)::text n FROM request_logs");
    console.log(`[shutdown] worker exit ${JSON.stringify(exit)} after ${tookMs} ms; queue at SIGTERM ${JSON.stringify(atTerm)}, after exit ${JSON.stringify(afterExit)}, rows ${rowsAfterExit}`);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(tookMs).toBeLessThan(30_000);
    expect(w1.output()).toContain("worker stopped");
    // Nothing cut: no job left active (it would be re-run after a stall), and every event of a completed job has its row.
    expect(afterExit.active).toBe(0);
    expect(afterExit.failed).toBe(0);
    expect(Number(all!.n)).toBe(afterExit.completed);
    expect(rowsAfterExit).toBeLessThan(3_000);

    const w2 = await startWorker({ databaseUrl: db.url, redisUrl: redisSrv.url, smtpUrl });
    procs.push(w2);
    await waitFor(async () => (await requestLogCount(db.url, k.tenantId)) >= 3_000, { timeoutMs: 120_000, intervalMs: 500 });
    await sleep(1_000);
    expect(await requestLogCount(db.url, k.tenantId)).toBe(3_000);
    const { logs, hourly } = await rollupVsLogs(db.url, k.tenantId);
    expect(hourly).toEqual(logs);
  }, 300_000);
});
