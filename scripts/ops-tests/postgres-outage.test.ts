import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrismaClient, migrateDatabase, type PrismaClient } from "@switchboard/db";
import { ensureDatabase, getFreePort, startPostgres, startRedis, type PostgresHandle, type RedisHandle } from "@switchboard/devstack";
import { testMailInbox } from "@switchboard/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, metric, sleep, startGateway, startMock, startWorker, waitFor, type GatewayProc, type WorkerProc } from "./support/procs.js";
import { usageEventCounts } from "./support/queue.js";
import { generateKeyringKey } from "@switchboard/keys";
import { addByokCredential, chat, client, createKey, query, requestLogCount, rollupVsLogs, type Outcome, type SeededKey } from "./support/tenants.js";

// Issue "Reliability and security" §3: Postgres goes away and comes back (same port, same data).

let tmp: string;
let pgPort: number;
let pgSrv: PostgresHandle | null = null;
let dbUrl: string;
let redisSrv: RedisHandle;
let prisma: PrismaClient;
let mock: Awaited<ReturnType<typeof startMock>>;
let gw: GatewayProc;
let worker: WorkerProc;

const KEYRING = `1:${generateKeyringKey()}`;
const BYOK_SECRET = "byok-outage-secret";
const gatewayEnv = { SECRETS_KEYRING: KEYRING, ALLOW_PRIVATE_UPSTREAMS: "true" };
const extraGateways: GatewayProc[] = [];
/** What the BYOK tenant's request looked like on a replica started during the outage (asserted in its own test). */
let byokDuringOutage: { served: boolean; upstreamAuth: string[] } | null = null;

const startPg = () => startPostgres({ dataDir: path.join(tmp, "pg"), port: pgPort, persistent: true });

beforeAll(async () => {
  ensureBuilt();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sb-ops-pgdown-"));
  fs.chmodSync(tmp, 0o755);
  pgPort = await getFreePort();
  pgSrv = await startPg();
  await ensureDatabase(pgSrv.urlFor("postgres"), "sb_ops");
  dbUrl = pgSrv.urlFor("sb_ops");
  await migrateDatabase(dbUrl, { log: () => {} });
  prisma = createPrismaClient(dbUrl);
  redisSrv = await startRedis({ port: await getFreePort() });
  mock = await startMock();
  gw = await startGateway({ databaseUrl: dbUrl, redisUrl: redisSrv.url, mockUrl: mock.url, env: gatewayEnv });
  worker = await startWorker({ databaseUrl: dbUrl, redisUrl: redisSrv.url, smtpUrl: testMailInbox().smtpUrl });
}, 180_000);

afterAll(async () => {
  await Promise.allSettled([gw, worker, mock, ...extraGateways].filter(Boolean).map((p) => p.stop()));
  await prisma?.$disconnect().catch(() => {});
  await pgSrv?.stop().catch(() => {});
  await redisSrv?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}, 120_000);

describe("Postgres unavailable", () => {
  it("gateway keeps serving known keys, refuses unknown ones with 503 auth_unavailable; worker keeps usage queued and catches up exactly once", async () => {
    const known: SeededKey = await createKey(prisma);
    const neverSeen: SeededKey = await createKey(prisma, { tenantId: known.tenantId });
    const c = client(gw.baseURL, known.key);
    // A BYOK tenant whose key this gateway has seen (so Redis holds its copy).
    const byok: SeededKey = await createKey(prisma);
    await addByokCredential(prisma, { tenantId: byok.tenantId, keyring: KEYRING, provider: "mock", baseUrl: `${mock.url}/v1`, secret: BYOK_SECRET });
    expect((await chat(client(gw.baseURL, byok.key), "byok before [[mock tokens=2]]")).ok).toBe(true);
    const before: Outcome[] = [];
    for (let i = 0; i < 5; i++) before.push(await chat(c, `before ${i} [[mock tokens=4]]`));
    expect(before.every((r) => r.ok)).toBe(true);
    await waitFor(async () => (await requestLogCount(dbUrl, known.tenantId)) === 5, { timeoutMs: 30_000 });
    await prisma.$disconnect();

    await pgSrv!.stop();
    pgSrv = null;
    const outageStarted = Date.now();

    // ~35 s of outage: longer than the key cache's fresh window (30 s), so revalidation happens while Postgres is down.
    const during: Outcome[] = [];
    const unknown: Array<Outcome & { ms: number }> = [];
    const latencies: number[] = [];
    for (let wave = 0; wave < 7; wave++) {
      const t = Date.now();
      const wave5 = await Promise.all(Array.from({ length: 5 }, (_, i) => chat(c, `outage ${wave}/${i} [[mock tokens=${i + 2}]]`)));
      latencies.push(Date.now() - t);
      during.push(...wave5);
      const t2 = Date.now();
      const r = await chat(client(gw.baseURL, neverSeen.key), "never seen");
      unknown.push({ ...r, ms: Date.now() - t2 });
      if (wave < 6) await sleep(5_000);
    }
    console.log(`[pg-outage] wave latencies (ms) ${JSON.stringify(latencies)}, unknown-key latencies ${JSON.stringify(unknown.map((u) => u.ms))}`);
    expect(during.filter((r) => !r.ok)).toEqual([]);
    for (const u of unknown) {
      expect(u).toMatchObject({ ok: false, status: 503, code: "auth_unavailable" });
      expect(u.headers.get("retry-after")).toBe("1");
      expect(u.ms).toBeLessThan(5_000);
    }
    // The worker keeps the events: nothing was written, nothing dead-lettered.
    const counts = await usageEventCounts(redisSrv.url);
    console.log(`[pg-outage] usage queue during outage ${JSON.stringify(counts)}`);
    expect(counts.failed).toBe(0);
    expect(counts.waiting! + counts.active! + counts.delayed! + (counts.prioritized ?? 0)).toBeGreaterThanOrEqual(during.length);
    expect(await fetch(`${worker.url}/ready`).then((r) => r.status)).toBe(503);
    expect(worker.alive()).toBe(true);
    expect(gw.alive()).toBe(true);

    // A replica started during the outage (scale-out, or a restart) serves keys it finds in Redis. For a BYOK
    // tenant it cannot load the tenant's credentials: it must not silently send the request on the platform's key.
    const late = await startGateway({ databaseUrl: dbUrl, redisUrl: redisSrv.url, mockUrl: mock.url, env: gatewayEnv });
    extraGateways.push(late);
    const lateKnown = await chat(client(late.baseURL, known.key), "late replica [[mock tokens=2]]");
    expect(lateKnown.ok).toBe(true);
    await mock.admin("/__mock/reset", {});
    const byokLate = await chat(client(late.baseURL, byok.key), "byok on late replica [[mock tokens=2]]");
    const upstreamAuth = ((await mock.admin("/__mock/requests?limit=10")).requests as Array<{ headers: Record<string, string> }>).map((r) => r.headers.authorization ?? "");
    console.log(`[pg-outage] BYOK tenant on a replica started during the outage: ${byokLate.ok ? "served" : `${(byokLate as { status: number }).status} ${(byokLate as { code: string | null }).code}`}, upstream saw ${JSON.stringify(upstreamAuth)}`);
    byokDuringOutage = { served: byokLate.ok, upstreamAuth };
    console.log(`[pg-outage] outage lasted ${Date.now() - outageStarted} ms`);

    pgSrv = await startPg();
    // Every request answered during the outage ends up in request_logs exactly once.
    const expected = new Set([...before, ...during, lateKnown].map((r) => r.requestId!));
    expect(expected.size).toBe(41);
    const t0 = Date.now();
    await waitFor(async () => (await requestLogCount(dbUrl, known.tenantId).catch(() => 0)) >= expected.size, { timeoutMs: 120_000, intervalMs: 500 });
    console.log(`[pg-outage] caught up ${Date.now() - t0} ms after Postgres came back`);
    await sleep(2_000);
    const rows = await query<{ request_id: string }>(dbUrl, "SELECT request_id FROM request_logs WHERE tenant_id = $1", [known.tenantId]);
    expect(rows).toHaveLength(expected.size);
    expect(new Set(rows.map((r) => r.request_id))).toEqual(expected);
    const { logs, hourly } = await rollupVsLogs(dbUrl, known.tenantId);
    expect(hourly).toEqual(logs);
    expect((await usageEventCounts(redisSrv.url)).failed).toBe(0);
    // And the never-seen key works once Postgres is back (the refusal was not cached).
    expect((await chat(client(gw.baseURL, neverSeen.key), "back [[mock tokens=2]]")).ok).toBe(true);
    await waitFor(async () => (await fetch(`${worker.url}/ready`).then((r) => r.status)) === 200, { timeoutMs: 15_000 });
    expect(await metric(gw.url, "sb_gateway_usage_events_dropped")).toBe(0);
  }, 300_000);

  it("a BYOK tenant is never sent upstream on the platform's credential because its settings could not be loaded", () => {
    expect(byokDuringOutage, "the outage scenario above ran").not.toBeNull();
    expect(byokDuringOutage!.upstreamAuth).not.toContain("Bearer mock-key");
  });
});
