import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobProducer, createUsageProducer, jobOptionsFor, toJobId, usageEventFixture, type UsageEvent } from "@switchboard/queue";
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
  it("a batch job with invalid events: the valid ones are inserted, each bad one lands alone in the failed set; old single-event jobs still ingest", async () => {
    const jobs = createJobProducer(t.env.REDIS_URL, { prefix: t.env.QUEUE_PREFIX });
    const queue = jobs.queue("usage");
    const [a, b, c, d, e] = eventsFor("ten_batch", 5) as [UsageEvent, UsageEvent, UsageEvent, UsageEvent, UsageEvent];
    const badCost = { ...usageEventFixture(0), requestId: "ten_batch-bad", tenantId: "ten_batch", costPicoUsd: "1.5" };
    const noId = { v: 1, tenantId: "ten_batch" };
    // Valid for zod, refused by Postgres (int column out of range): split off, the rest still commits.
    const tooBig = { ...usageEventFixture(0), requestId: "ten_batch-big", tenantId: "ten_batch", promptTokens: 3_000_000_000 };
    await queue.add("usage", { v: 1, events: [a, badCost, b, noId, c, tooBig] }, jobOptionsFor("usage", { jobId: "batch-1" }));
    // What an older gateway enqueued: one event per job, jobId = requestId; and a bad one.
    await queue.add("usage", d, jobOptionsFor("usage", { jobId: d.requestId }));
    await queue.add("usage", { ...e, outcome: "maybe" }, jobOptionsFor("usage", { jobId: e.requestId }));

    const worker = await spawnWorker(t.vars);
    const want = expected([a, b, c, d]);
    const got = await waitFor(() => totals("ten_batch"), (v) => v.raw?.n === want.n && v.rollup?.n === String(want.n), 30_000, 100);
    expect(got.raw).toEqual(want);
    expect(got.rollup).toEqual({ n: String(want.n), cost: want.cost, prompt: want.prompt });

    await waitFor(() => queue.getJobState("batch-1"), (s) => s === "completed", 20_000, 50);
    expect((await queue.getJob("batch-1"))?.returnvalue).toEqual({ events: 6, invalid: 2, split: 1 });
    const failed = await waitFor(() => queue.getFailed(), (f) => f.length === 3, 20_000, 50);
    const reasons = Object.fromEntries(failed.map((j) => [j.id, j.failedReason]));
    expect(Object.keys(reasons).sort()).toEqual([toJobId("bad:batch-1:3"), toJobId("bad:ten_batch-bad"), e.requestId].sort());
    expect(reasons[toJobId("bad:ten_batch-bad")]).toMatch(/^invalid usage payload: costPicoUsd: /);
    expect(reasons[toJobId("bad:batch-1:3")]).toMatch(/requestId/);
    expect(reasons[e.requestId]).toMatch(/^invalid usage payload: outcome: /);
    expect((await queue.getJob(toJobId("bad:ten_batch-bad")))?.data).toEqual(badCost);
    // The refused event retries on its own (12 attempts, then the failed set), not as its whole batch.
    const split = await queue.getJob(toJobId("split:ten_batch-big"));
    expect(split?.data).toEqual(tooBig);
    expect(await split?.getState()).not.toBe("completed");

    // Metrics count events, not jobs.
    const metrics = await (await fetch(`http://127.0.0.1:${worker.port}/metrics`)).text();
    expect(metrics).toMatch(/^sb_worker_usage_events_invalid_total 2$/m);
    expect(metrics).toMatch(/^sb_worker_usage_events_split_total 1$/m);
    expect(metrics).toMatch(/^sb_worker_usage_rows_inserted_total 4$/m);
    const log = worker.logs.find((l) => l.msg === "invalid usage event in a batch job: re-enqueued alone, to the failed set" && l.requestId === "ten_batch-bad");
    expect(log?.issues).toMatch(/costPicoUsd/);

    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    await jobs.close();
  }, 60_000);
});
