/**
 * Ingestion benchmark: pre-fills the usage queue with N events through the real producer, batched
 * as the gateway's (one job per publish tick, default maxBatch 500), then starts the worker
 * in-process and times how long it takes until every event is a request_logs row and the hourly
 * rollup sums match. Usage:
 *   DATABASE_URL=... REDIS_URL=... pnpm --filter @switchboard/worker bench [events=50000] [eventsPerTick=500]
 * eventsPerTick below 500 gives smaller jobs, as a gateway under moderate load publishes them.
 * The database must be migrated; the bench deletes its own rows (tenant "bench-*") afterwards.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";
import { createUsageProducer, usageEventFixture } from "@switchboard/queue";
import { loadEnv } from "../src/env.js";
import { createLogger } from "../src/log/logger.js";
import { startWorkerApp } from "../src/app.js";

const total = Number(process.argv[2] ?? 50_000);
const perTick = Math.max(1, Number(process.argv[3] ?? 500));
const env = loadEnv({
  SMTP_URL: "smtp://127.0.0.1:2525",
  WORKER_PORT: "0",
  SCHEDULE_REPEATABLES: "false",
  ...process.env,
});
const run = randomBytes(3).toString("hex");
const tenants = Array.from({ length: 20 }, (_, i) => `bench-${run}-${i}`);
const models = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4", "gemini-2.5-flash"];
const start = Date.parse("2026-01-01T00:00:00Z");

const redis = new Redis(env.REDIS_URL);
await redis.flushdb();
const producer = createUsageProducer(env.REDIS_URL);
const t0 = performance.now();
const pending: Promise<unknown>[] = [];
for (let i = 0; i < total; i++) {
  pending.push(
    producer.publish(
      usageEventFixture(i, {
        requestId: `b${run}_${i}`,
        tenantId: tenants[i % tenants.length] ?? "bench",
        apiKeyId: `key_${i % 50}`,
        servedModel: models[i % models.length] ?? "gpt-4o",
        costPicoUsd: String(1_000_000 + i),
        startedAt: new Date(start + (i % 86_400) * 1_000).toISOString(),
      }),
    ),
  );
  // Awaiting ends the tick: the events published since the last await become one job (or maxBatch-sized jobs).
  if (pending.length >= perTick) await Promise.all(pending.splice(0));
}
await Promise.all(pending);
const produceMs = performance.now() - t0;
await producer.close();

const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 2 });
const log = createLogger("warn", { service: "bench" });
const t1 = performance.now();
const app = await startWorkerApp(env, log);
const countSql = `SELECT count(*)::int AS n FROM request_logs WHERE tenant_id LIKE 'bench-${run}-%'`;
for (;;) {
  const { rows } = await pool.query<{ n: number }>(countSql);
  if ((rows[0]?.n ?? 0) >= total) break;
  await new Promise((r) => setTimeout(r, 100));
}
const ingestMs = performance.now() - t1;
await app.stop();

const sums = await pool.query<{ requests: string; cost: string }>(
  `SELECT sum(requests)::text AS requests, sum(cost_pico_usd)::text AS cost FROM usage_hourly WHERE tenant_id LIKE 'bench-${run}-%'`,
);
const expectedCost = BigInt(total) * 1_000_000n + (BigInt(total) * BigInt(total - 1)) / 2n;
const ok = sums.rows[0]?.requests === String(total) && sums.rows[0]?.cost === expectedCost.toString();
await pool.query(`DELETE FROM request_logs WHERE tenant_id LIKE 'bench-${run}-%'`);
await pool.query(`DELETE FROM usage_hourly WHERE tenant_id LIKE 'bench-${run}-%'`);
await pool.end();
redis.disconnect();

console.log(
  JSON.stringify({
    events: total,
    events_per_job: Math.min(perTick, 500),
    produce_events_per_s: Math.round(total / (produceMs / 1000)),
    ingest_events_per_s: Math.round(total / (ingestMs / 1000)),
    ingest_seconds: +(ingestMs / 1000).toFixed(2),
    usage_concurrency: env.USAGE_CONCURRENCY,
    usage_max_events_in_flight: env.USAGE_MAX_EVENTS_IN_FLIGHT,
    ingest_batch_size: env.INGEST_BATCH_SIZE,
    rollups_match: ok,
  }),
);
process.exit(ok ? 0 : 1);
