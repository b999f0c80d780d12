import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { jobCatalog, usageEventFixture } from "@switchboard/queue";
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
