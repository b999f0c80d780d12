/**
 * What key auth + rate limits + budget reservation + usage emission add to a request, against the same
 * gateway with no-op limits and metering (the "bare" path: routing, translation, upstream call).
 * In-process gateways, a real mock upstream over HTTP, real Postgres and Redis; one keep-alive
 * connection, requests one after another, so the difference is per-request work, not queueing.
 *   pnpm --filter @switchboard/bench exec tsx src/features.ts [--requests 3000]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Pool } from "undici";
import { createPrismaClient, migrateDatabase } from "@switchboard/db";
import { ensureDatabase, getFreePort, startPostgres, startRedis } from "@switchboard/devstack";
import { generateApiKey } from "@switchboard/keys";
import { createNoopLimiter } from "@switchboard/limits";
import { startMockProvider } from "@switchboard/mock-provider";
import type { UsageProducer } from "@switchboard/queue";
import { createGateway, type GatewayOverrides } from "@switchboard/gateway/app";
import { loadEnv } from "@switchboard/gateway/env";
import { percentiles } from "./metrics/percentiles.js";

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const REQUESTS = arg("requests", 3000);
const WARMUP = Math.min(500, REQUESTS);

const noopUsage: UsageProducer = { publish: async () => "queued", bufferedCount: () => 0, droppedCount: () => 0, flush: async () => 0, close: async () => 0 };

async function measure(url: string, path_: string, headers: Record<string, string>, n: number): Promise<number[]> {
  const pool = new Pool(url, { connections: 1, pipelining: 1 });
  const body = JSON.stringify({ model: "gpt-mock", messages: [{ role: "user", content: "Hello, benchmark" }] });
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const res = await pool.request({ path: path_, method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    await res.body.text();
    if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  await pool.close();
  return out;
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sb-features-"));
  fs.chmodSync(tmp, 0o755);
  const pg = await startPostgres({ dataDir: path.join(tmp, "pg"), port: await getFreePort(), persistent: false });
  const redis = await startRedis({ port: await getFreePort() });
  const mock = await startMockProvider({ port: 0, recordRequests: false });
  try {
    await ensureDatabase(pg.urlFor("postgres"), "bench");
    const dbUrl = pg.urlFor("bench");
    await migrateDatabase(dbUrl, { log: () => {} });
    const prisma = createPrismaClient(dbUrl);
    const tenant = await prisma.tenant.create({ data: { name: "Bench", slug: "bench" } });
    const { key, hash, displayPrefix } = generateApiKey();
    await prisma.apiKey.create({ data: { tenantId: tenant.id, name: "bench", keyHash: hash, displayPrefix, rpmLimit: 2_000_000_000, tpmLimit: 2_000_000_000 } });
    await prisma.budget.create({ data: { tenantId: tenant.id, scope: "tenant", amountPicoUsd: 10n ** 18n, period: "monthly", enforcement: "hard" } });
    await prisma.$disconnect();

    const env = (prefix: string) => loadEnv({ DATABASE_URL: dbUrl, REDIS_URL: redis.url, REDIS_PREFIX: prefix, MOCK_PROVIDER_URL: mock.url, GATEWAY_PORT: "0", LOG_LEVEL: "error", USAGE_JOURNAL_DIR: path.join(tmp, `journal-${prefix}`) });
    const run = async (label: string, overrides: GatewayOverrides) => {
      const gw = await createGateway(env(`${label}:`), overrides);
      const port = await gw.listen();
      const auth = { authorization: `Bearer ${key}` };
      await measure(`http://127.0.0.1:${port}`, "/v1/chat/completions", auth, WARMUP);
      const samples = await measure(`http://127.0.0.1:${port}`, "/v1/chat/completions", auth, REQUESTS);
      await gw.close();
      return percentiles(samples);
    };
    await measure(mock.url, "/v1/chat/completions", { authorization: "Bearer x" }, WARMUP);
    const floor = percentiles(await measure(mock.url, "/v1/chat/completions", { authorization: "Bearer x" }, REQUESTS));
    const bare = await run("bare", { limiter: createNoopLimiter(), usage: noopUsage });
    const full = await run("full", {});
    const f = (n: number) => n.toFixed(3);
    const table = [
      "| path | p50 (ms) | p99 (ms) | p50 added over the mock | p99 added over the mock |",
      "| --- | --- | --- | --- | --- |",
      `| mock upstream, direct | ${f(floor.p50)} | ${f(floor.p99)} | — | — |`,
      `| gateway, bare (no-op limits and metering) | ${f(bare.p50)} | ${f(bare.p99)} | ${f(bare.p50 - floor.p50)} | ${f(bare.p99 - floor.p99)} |`,
      `| gateway, every feature on | ${f(full.p50)} | ${f(full.p99)} | ${f(full.p50 - floor.p50)} | ${f(full.p99 - floor.p99)} |`,
      "",
      `Auth + rate limits + budget reservation + usage emission add **${f(full.p50 - bare.p50)} ms at p50 and ${f(full.p99 - bare.p99)} ms at p99** over the bare path (${REQUESTS} sequential requests on one keep-alive connection after ${WARMUP} warm-up, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}, ${new Date().toISOString()}).`,
    ].join("\n");
    console.log(table);
    const outDir = path.join(import.meta.dirname, "../results");
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, "features.md"), `${table}\n`);
  } finally {
    await mock.close();
    await redis.stop();
    await pg.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
