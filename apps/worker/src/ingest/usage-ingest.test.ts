import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobProducer, createUsageProducer, usageEventFixture, type UsageEvent } from "@switchboard/queue";
import { createTestWorkerEnv, waitFor, type TestWorkerEnv } from "../test-support/test-env.js";
import { spawnWorker } from "../test-support/spawn-worker.js";

let t: TestWorkerEnv;
let pool: pg.Pool;

beforeAll(async () => {
  t = await createTestWorkerEnv({ INGEST_BATCH_SIZE: "100", INGEST_MAX_WAIT_MS: "10", JOB_LOCK_MS: "1500" });
  pool = new pg.Pool({ connectionString: t.env.DATABASE_URL, max: 2 });
});
afterAll(async () => {
  await pool.end();
  await t.db.drop();
});

function eventsFor(tenantId: string, n: number): UsageEvent[] {
  return Array.from({ length: n }, (_, i) =>
    usageEventFixture(i, {
      requestId: `${tenantId}-${i}`,
      tenantId,
      apiKeyId: `key_${i % 3}`,
      servedModel: ["gpt-4o", "gpt-4o-mini"][i % 2] ?? "gpt-4o",
      promptTokens: i % 100,
      costPicoUsd: String(7_000_000_000 + i * 13),
      outcome: i % 17 === 0 ? "error" : "success",
      startedAt: new Date(Date.UTC(2026, 4, 1, i % 5, 30)).toISOString(),
    }),
  );
}

async function totals(tenantId: string) {
  const raw = await pool.query<{ n: number; cost: string | null; prompt: string | null }>(
    "SELECT count(*)::int AS n, sum(cost_pico_usd)::text AS cost, sum(prompt_tokens)::text AS prompt FROM request_logs WHERE tenant_id = $1",
    [tenantId],
  );
  const roll = await pool.query<{ n: string | null; cost: string | null; prompt: string | null }>(
    "SELECT sum(requests)::text AS n, sum(cost_pico_usd)::text AS cost, sum(prompt_tokens)::text AS prompt FROM usage_hourly WHERE tenant_id = $1",
    [tenantId],
  );
  return { raw: raw.rows[0], rollup: roll.rows[0] };
}

function expected(events: UsageEvent[]) {
  return {
    n: events.length,
    cost: events.reduce((s, e) => s + BigInt(e.costPicoUsd), 0n).toString(),
    prompt: events.reduce((s, e) => s + e.promptTokens, 0).toString(),
  };
}

describe("usage ingestion through the queue", () => {
  it("survives a worker SIGKILLed mid-stream: every event counted exactly once", async () => {
    const events = eventsFor("ten_crash", 4_000);
    const producer = createUsageProducer(t.env.REDIS_URL, { prefix: t.env.QUEUE_PREFIX });
    let worker = await spawnWorker(t.vars);

    // Stream events (each published twice, as a gateway retrying a publish would) while the worker runs.
    const publishing = (async () => {
      for (let i = 0; i < events.length; i += 200) {
        const chunk = events.slice(i, i + 200);
        await Promise.all([...chunk, ...chunk.slice(0, 50)].map((e) => producer.publish(e)));
        await new Promise((r) => setTimeout(r, 10));
      }
    })();

    // Kill it once a good part is in, while batches are certainly in flight.
    await waitFor(() => totals("ten_crash"), (v) => (v.raw?.n ?? 0) >= 1_000, 30_000, 5);
    worker.child.kill("SIGKILL");
    expect(await worker.exited).toBe("SIGKILL");
    await publishing;
    expect(await producer.close()).toBe(0);

    // The restarted worker takes over the dead one's stalled jobs once their locks expire.
    worker = await spawnWorker(t.vars);
    const want = expected(events);
    const got = await waitFor(() => totals("ten_crash"), (v) => v.raw?.n === want.n && v.rollup?.n === String(want.n), 60_000, 100);
    expect(got.raw).toEqual(want);
    expect(got.rollup).toEqual({ n: String(want.n), cost: want.cost, prompt: want.prompt });

    // Let stalled-job recovery finish, then make sure nothing was counted twice meanwhile.
    const jobs = createJobProducer(t.env.REDIS_URL, { prefix: t.env.QUEUE_PREFIX });
    await waitFor(() => jobs.queue("usage").getJobCounts("waiting", "active", "delayed", "failed"), (c) => c.waiting === 0 && c.active === 0 && c.delayed === 0, 30_000, 100);
    expect((await jobs.queue("usage").getJobCounts("failed")).failed).toBe(0);
    await jobs.close();
    expect((await totals("ten_crash")).rollup).toEqual({ n: String(want.n), cost: want.cost, prompt: want.prompt });

    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 120_000);
});
