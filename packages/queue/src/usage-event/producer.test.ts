import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { QUEUE_PREFIX } from "../catalog/jobs.js";
import { createUsageProducer } from "./producer.js";
import { usageEventFixture } from "./fixture.js";
import { usageBatchJobId, usageBatchSchema, usageEventsOf } from "./batch.js";
import type { UsageEvent } from "./schema.js";

// This test owns a throwaway redis-server so it can stop and restart it (a "Redis blip").
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1"], {
    stdio: "ignore",
  });
  const probe = new Redis(port, "127.0.0.1", { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on("error", () => undefined);
  for (let i = 0; i < 100; i++) {
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error("redis-server did not start");
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

describe("createUsageProducer", () => {
  let port: number;
  let redis: ChildProcess;
  let url: string;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    url = `redis://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await stop(redis);
  });

  async function withQueue<T>(fn: (q: Queue, conn: Redis) => Promise<T>): Promise<T> {
    const conn = new Redis(url, { maxRetriesPerRequest: null });
    const q = new Queue("usage", { connection: conn, prefix: QUEUE_PREFIX });
    try {
      return await fn(q, conn);
    } finally {
      await q.close();
      conn.disconnect();
    }
  }

  /** Waiting usage jobs, oldest first. */
  async function waitingJobs(): Promise<Array<{ id: string; data: unknown }>> {
    const jobs = await withQueue((q) => q.getJobs(["waiting"], 0, -1, true));
    return jobs.map((j) => ({ id: j.id ?? "", data: j.data as unknown }));
  }
  const requestIds = (data: unknown) => usageEventsOf(data).map((e) => (e as UsageEvent).requestId);

  beforeEach(async () => {
    await withQueue((_q, conn) => conn.flushall());
  });

  it("sends the events published in one tick as one job { v: 1, events }", async () => {
    const producer = createUsageProducer(url);
    const events = [1, 2, 3].map((i) => usageEventFixture(i));
    expect(await Promise.all(events.map((e) => producer.publish(e)))).toEqual(["queued", "queued", "queued"]);
    // A later tick is a job of its own.
    await producer.publish(usageEventFixture(4));

    const jobs = await waitingJobs();
    expect(jobs).toHaveLength(2);
    expect(jobs[0]?.data).toEqual({ v: 1, events });
    expect(jobs[0]?.id).toBe(usageBatchJobId(events));
    expect(jobs[0]?.id).toMatch(/^b%3A3%3A[\w-]{27}%3Areq_1$/);
    expect(usageBatchSchema.safeParse(jobs[0]?.data).success).toBe(true);
    expect(requestIds(jobs[1]?.data)).toEqual(["req_4"]);
    expect(await producer.close()).toBe(0);
  });

  it("splits a tick into jobs of maxBatch events, and of at most 50 events carrying bodies", async () => {
    const producer = createUsageProducer(url, { maxBatch: 4 });
    await Promise.all([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => producer.publish(usageEventFixture(i))));
    expect((await waitingJobs()).map((j) => usageEventsOf(j.data).length)).toEqual([4, 4, 2]);
    await producer.close();

    await withQueue((_q, conn) => conn.flushall());
    const big = createUsageProducer(url);
    const withBodies = Array.from({ length: 120 }, (_, i) => usageEventFixture(100 + i, i % 2 === 0 ? { requestBody: { messages: [] } } : {}));
    await Promise.all(withBodies.map((e) => big.publish(e)));
    const sizes = (await waitingJobs()).map((j) => usageEventsOf(j.data).length);
    expect(sizes).toEqual([100, 20]);
    expect(await big.close()).toBe(0);
  });

  it("does not validate: an invalid event is queued with its batch (the worker dead-letters it alone)", async () => {
    const producer = createUsageProducer(url);
    const bad = { ...usageEventFixture(0), costPicoUsd: "1.5" };
    const results = await Promise.all([producer.publish(usageEventFixture(1)), producer.publish(bad)]);
    expect(results).toEqual(["queued", "queued"]);
    expect(usageEventsOf((await waitingJobs())[0]?.data)).toEqual([usageEventFixture(1), bad]);
    expect(await producer.close()).toBe(0);
  });

  it("de-duplicates a re-sent batch: same events in the same order, same job", async () => {
    const producer = createUsageProducer(url);
    const batch = () => Promise.all([1, 2, 3].map((i) => producer.publish(usageEventFixture(i))));
    await batch();
    await batch();
    // Ids BullMQ would refuse as they are (a ":" or an integer) are escaped, not lost.
    await producer.publish(usageEventFixture(0, { requestId: "gw:abc" }));
    await producer.publish(usageEventFixture(0, { requestId: "42" }));
    const jobs = await waitingJobs();
    expect(jobs.map((j) => requestIds(j.data))).toEqual([["req_1", "req_2", "req_3"], ["gw:abc"], ["42"]]);
    expect(jobs[2]?.id).toMatch(/%3A42$/);
    expect(await producer.close()).toBe(0);
  });

  it("an add that timed out but landed, re-sent from the buffer, is still one job", async () => {
    const producer = createUsageProducer(url, { retryIntervalMs: 100, enqueueTimeoutMs: 200 });
    // Writes (BullMQ's add script) wait 600 ms: the add times out, the events are buffered, and the
    // add lands when the pause ends; the timer re-sends the same batch.
    await withQueue((_q, conn) => conn.call("CLIENT", "PAUSE", "600", "WRITE"));
    const results = await Promise.all([5, 6, 7].map((i) => producer.publish(usageEventFixture(i))));
    expect(results).toEqual(["buffered", "buffered", "buffered"]);
    for (let i = 0; i < 100 && producer.bufferedCount() > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(producer.bufferedCount()).toBe(0);
    const jobs = await waitingJobs();
    expect(jobs.map((j) => requestIds(j.data))).toEqual([["req_5", "req_6", "req_7"]]);
    expect(await producer.close()).toBe(0);
  });

  it("buffers while Redis is down and delivers the buffered events as batch jobs after it returns", async () => {
    const producer = createUsageProducer(url, { retryIntervalMs: 100, enqueueTimeoutMs: 300, maxBuffer: 5, maxBatch: 3 });
    await producer.publish(usageEventFixture(10));
    await stop(redis);
    const during = await Promise.all([11, 12, 13, 14, 15, 16, 17].map((i) => producer.publish(usageEventFixture(i))));
    expect(during.filter((r) => r === "buffered")).toHaveLength(5);
    expect(during.filter((r) => r === "dropped")).toHaveLength(2);
    expect(producer.bufferedCount()).toBe(5);
    expect(producer.droppedCount()).toBe(2);

    redis = await startRedis(port);
    for (let i = 0; i < 100 && producer.bufferedCount() > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(producer.bufferedCount()).toBe(0);
    // The restarted server is empty: exactly the buffered events arrive, each once, maxBatch per job.
    expect((await waitingJobs()).map((j) => requestIds(j.data))).toEqual([
      ["req_11", "req_12", "req_13"],
      ["req_14", "req_15"],
    ]);
    expect(await producer.close()).toBe(0);
  });
});
