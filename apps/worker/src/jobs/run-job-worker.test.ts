import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { jobCatalog, jobOptionsFor, USAGE_BATCH_MAX_EVENTS, usageEventFixture, usageEventsOf } from "@switchboard/queue";
import { createTestRedis } from "@switchboard/testing";
import { afterAll, describe, expect, it } from "vitest";
import { createMetrics } from "../health/metrics.js";
import { createLogger } from "../log/logger.js";
import { isInfrastructureDown, runJobWorker } from "./run-job-worker.js";

const { url, prefix } = createTestRedis();
const connection = new Redis(url, { maxRetriesPerRequest: null });
const qprefix = `{${prefix}jobs}`;
afterAll(() => connection.disconnect());

describe("jobs wait out infrastructure outages without spending attempts", () => {
  it("classifies connection failures, not data errors", () => {
    expect(isInfrastructureDown(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isInfrastructureDown(Object.assign(new Error("the database system is shutting down"), { code: "57P03" }))).toBe(true);
    expect(isInfrastructureDown(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isInfrastructureDown(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
  });

  it("a job whose Postgres is down is postponed, not failed, even with a single attempt", async () => {
    let calls = 0;
    const worker = runJobWorker(
      "usage",
      async () => {
        calls++;
        if (calls <= 2) throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
        return "ok";
      },
      { connection, log: createLogger("error"), metrics: createMetrics(), lockMs: 30_000, prefix: qprefix, concurrency: 1 },
    );
    const queue = new Queue(jobCatalog.usage.queue, { connection, prefix: qprefix });
    const events = new QueueEvents(jobCatalog.usage.queue, { connection: new Redis(url, { maxRetriesPerRequest: null }), prefix: qprefix });
    try {
      const job = await queue.add("usage", usageEventFixture(1, { requestId: "req_outage" }), { attempts: 1, jobId: "req_outage" });
      await expect(job.waitUntilFinished(events, 30_000)).resolves.toBe("ok");
      expect(calls).toBe(3);
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await events.close();
    }
  }, 40_000);
});

describe("the usage job takes batches and single events", () => {
  it("hands a batch's events over unvalidated, a single event validated, and dead-letters a bad envelope at once", async () => {
    const seen: unknown[] = [];
    const worker = runJobWorker(
      "usage",
      async (payload) => {
        seen.push(payload);
        return "ok";
      },
      { connection, log: createLogger("error"), metrics: createMetrics(), lockMs: 30_000, prefix: qprefix, concurrency: 1 },
    );
    const queue = new Queue(jobCatalog.usage.queue, { connection, prefix: qprefix });
    const events = new QueueEvents(jobCatalog.usage.queue, { connection: new Redis(url, { maxRetriesPerRequest: null }), prefix: qprefix });
    const outcome = async (data: unknown, jobId: string) => {
      const job = await queue.add("usage", data, { ...jobOptionsFor("usage"), jobId });
      return job.waitUntilFinished(events, 20_000).then(
        (v: unknown) => ({ ok: v }),
        (err: Error) => ({ err: err.message }),
      );
    };
    try {
      const batch = { v: 1, events: [usageEventFixture(1), { v: 1, requestId: "broken" }] };
      // The envelope is all that is checked here: the worker's ingest validates event by event.
      expect(await outcome(batch, "b1")).toEqual({ ok: "ok" });
      expect(seen.pop()).toEqual(batch);
      // Jobs from older gateways: one event each, validated as before.
      expect(await outcome(usageEventFixture(2), "req_2")).toEqual({ ok: "ok" });
      expect(seen.pop()).toEqual(usageEventFixture(2));
      expect(await outcome({ ...usageEventFixture(3), costPicoUsd: 1.5 }, "req_3")).toEqual({ err: expect.stringMatching(/^invalid usage payload: costPicoUsd: /) as unknown });
      const badEnvelopes = [
        [{ v: 1, events: [] }, /events: Too small/],
        [{ v: 2, events: [usageEventFixture(4)] }, /^invalid usage payload: v: /],
        [{ v: 1, events: "nope" }, /events: /],
        [{ v: 1, events: Array.from({ length: USAGE_BATCH_MAX_EVENTS + 1 }, (_, i) => usageEventFixture(i)) }, /events: Too big/],
      ] as const;
      for (const [i, [bad, reason]] of badEnvelopes.entries()) {
        expect(await outcome(bad, `bad-${i}`)).toEqual({ err: expect.stringMatching(reason) as unknown });
      }
      expect(seen).toEqual([]);
      // Straight to the failed set (UnrecoverableError), not retried 12 times.
      const failed = await queue.getFailed();
      expect(failed).toHaveLength(5);
      expect(failed.every((j) => j.attemptsMade === 1)).toBe(true);
      expect(usageEventsOf(failed.find((j) => j.id === "req_3")?.data)).toHaveLength(1);
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await events.close();
    }
  }, 40_000);
});
