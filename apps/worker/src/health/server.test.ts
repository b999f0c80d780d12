import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createMetrics } from "./metrics.js";
import { startHealthServer } from "./server.js";

describe("health server", () => {
  it("serves liveness, readiness and Prometheus metrics", async () => {
    const metrics = createMetrics();
    metrics.inc('jobs_completed_total{job="usage"}', 3);
    let ready = false;
    const server = await startHealthServer({
      port: 0,
      host: "127.0.0.1",
      metrics,
      ready: async () => ready,
      collect: async () => metrics.set('queue_jobs{queue="usage",state="waiting"}', 7),
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(503);
    ready = true;
    expect(await (await fetch(`${base}/ready`)).json()).toEqual({ status: "ready" });
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('sb_worker_jobs_completed_total{job="usage"} 3');
    expect(text).toContain('sb_worker_queue_jobs{queue="usage",state="waiting"} 7');
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    await new Promise<void>((r) => server.close(() => r()));
  });
});
