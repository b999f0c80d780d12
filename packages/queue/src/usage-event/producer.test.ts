import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUEUE_PREFIX } from "../catalog/jobs.js";
import { createUsageProducer } from "./producer.js";
import { usageEventFixture } from "./fixture.js";

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

  async function waitingIds(): Promise<string[]> {
    const conn = new Redis(url, { maxRetriesPerRequest: null });
    const q = new Queue("usage", { connection: conn, prefix: QUEUE_PREFIX });
    const jobs = await q.getJobs(["waiting"], 0, -1);
    await q.close();
    conn.disconnect();
    return jobs.map((j) => j.id ?? "").sort();
  }

  it("rejects an invalid event before it reaches Redis", async () => {
    const producer = createUsageProducer(url);
    expect(() => producer.publish({ ...usageEventFixture(0), costPicoUsd: "1.5" })).toThrow(/costPicoUsd/);
    await producer.close();
  });

  it("enqueues with jobId = requestId, so a re-sent event is one job", async () => {
    const producer = createUsageProducer(url);
    const results = await Promise.all([1, 2, 3, 2, 1].map((i) => producer.publish(usageEventFixture(i))));
    expect(results).toEqual(["queued", "queued", "queued", "queued", "queued"]);
    // Ids BullMQ would refuse as they are (a ":" or an integer) are escaped, not lost.
    await producer.publish(usageEventFixture(0, { requestId: "gw:abc" }));
    await producer.publish(usageEventFixture(0, { requestId: "42" }));
    expect(await waitingIds()).toEqual(["%N42", "gw%3Aabc", "req_1", "req_2", "req_3"]);
    expect(await producer.close()).toBe(0);
  });

  it("buffers while Redis is down and delivers after it returns", async () => {
    const producer = createUsageProducer(url, { retryIntervalMs: 100, enqueueTimeoutMs: 300, maxBuffer: 5 });
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
    // The restarted server is empty: exactly the buffered events arrive, each once.
    expect((await waitingIds()).filter((id) => id.startsWith("req_1"))).toEqual(["req_11", "req_12", "req_13", "req_14", "req_15"]);
    expect(await producer.close()).toBe(0);
  });
});
