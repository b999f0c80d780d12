import { Queue } from "bullmq";
import { QUEUE_PREFIX, usageEventsOf, type UsageEvent } from "@switchboard/queue";
import { getFreePort, startRedis, type RedisHandle } from "@switchboard/devstack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "./harness.js";

// Redis goes away under a running gateway: known keys keep working from memory, limits fall back to
// per-process enforcement, usage events wait in memory — and none is lost when Redis returns.
let redis: RedisHandle;
let port: number;
let t: TestGateway;
let key: string;
let tightKey: string;
beforeAll(async () => {
  port = await getFreePort();
  redis = await startRedis({ port });
  t = await startTestGateway({ REDIS_URL: redis.url });
  ({ key } = await t.createKey({ rpmLimit: 1000 }));
  ({ key: tightKey } = await t.createKey({ rpmLimit: 3 }));
});
afterAll(async () => {
  await t?.close();
  await redis?.stop();
});

async function metric(name: string): Promise<number> {
  const text = await (await fetch(t.baseURL.replace(/\/v1$/, "/metrics"))).text();
  const m = new RegExp(`^${name} (\\d+)`, "m").exec(text);
  return m ? Number(m[1]) : NaN;
}

describe("Redis outage", () => {
  it("keeps serving known keys, buffers usage, and delivers every event after recovery", async () => {
    const c = t.client(key);
    const ids: string[] = [];
    const ask = async () => {
      const r = await c.chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "hi" }] }).withResponse();
      ids.push(r.response.headers.get("x-request-id")!);
      return r;
    };
    await ask(); // warms the key into memory
    await t.client(tightKey).models.list(); // and this one
    await new Promise((r) => setTimeout(r, 300)); // its usage event reaches Redis before the outage

    await redis.stop();
    for (let i = 0; i < 10; i++) {
      const r = await ask();
      expect(r.data.choices[0]?.message.content).toContain("Mock reply");
    }
    // Limits hold locally meanwhile (per replica): 3 per minute for this key.
    const tight = t.client(tightKey);
    for (let i = 0; i < 3; i++) ids.push((await tight.chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "t" }] }).withResponse()).response.headers.get("x-request-id")!);
    const limited = await tight.chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "t" }] }).withResponse().catch((e: { status: number; headers: Headers }) => e);
    expect((limited as { status: number }).status).toBe(429);
    ids.push((limited as { headers: Headers }).headers.get("x-request-id")!);
    await new Promise((r) => setTimeout(r, 300));
    expect(await metric("sb_gateway_usage_events_buffered")).toBeGreaterThan(0);

    redis = await startRedis({ port });
    const deadline = Date.now() + 15_000;
    while ((await metric("sb_gateway_usage_events_buffered")) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await metric("sb_gateway_usage_events_buffered")).toBe(0);
    expect(await metric("sb_gateway_usage_events_dropped")).toBe(0);

    // The restarted Redis kept nothing (no persistence in tests), so the queue holds exactly the events buffered
    // during the outage — one per request made while it was down — in batch jobs (a few events per job).
    const queue = new Queue("usage", { connection: { url: redis.url }, prefix: QUEUE_PREFIX });
    const jobs = await queue.getJobs(["waiting", "delayed", "prioritized", "active", "completed", "failed"]);
    await queue.close();
    const events = jobs.flatMap((j) => usageEventsOf(j.data) as UsageEvent[]);
    const queued = new Set(events.map((e) => e.requestId));
    for (const id of ids.slice(1)) expect(queued.has(id), id).toBe(true);
    expect(events).toHaveLength(14);
    expect(queued.size).toBe(14);
    expect(jobs.length).toBeLessThanOrEqual(14);

    // And the gateway is fully back on Redis.
    expect((await ask()).response.status).toBe(200);
  }, 60_000);
});
