import { randomBytes } from "node:crypto";
import { Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createTestRedis } from "@switchboard/testing";
import { createJobProducer } from "../catalog/producer.js";
import { createDeadLetterView } from "./dead-letters.js";

const { url } = createTestRedis();
const prefix = `{t${randomBytes(4).toString("hex")}}`;
const conn = new Redis(url, { maxRetriesPerRequest: null });
afterAll(() => conn.disconnect());

describe("dead-letter view", () => {
  it("lists jobs that exhausted their attempts and retries them", async () => {
    const producer = createJobProducer(url, { prefix });
    await producer.enqueue("budget-check", { tenantId: "t1" }, { jobId: "bc-1", attempts: 2 });
    let fail = true;
    const seen: string[] = [];
    const worker = new Worker(
      "budget-check",
      async (job) => {
        seen.push(String(job.id));
        if (fail) throw new Error("smtp down");
      },
      { connection: conn, prefix },
    );
    // Two attempts (one backoff of ~2 s), then the job lands in the failed set.
    const view = createDeadLetterView(url, { prefix });
    for (let i = 0; i < 200 && (await view.counts())["budget-check"] === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const dead = await view.list();
    expect(dead.map((d) => d.ref)).toEqual(["budget-check/bc-1"]);
    expect(dead[0]?.failedReason).toBe("smtp down");
    expect(dead[0]?.data).toEqual({ tenantId: "t1" });

    fail = false;
    expect(await view.retry("budget-check/bc-1")).toBe(true);
    expect(await view.retry("budget-check/nope")).toBe(false);
    for (let i = 0; i < 100 && !(await producer.queue("budget-check").getJob("bc-1"))?.finishedOn; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await (await producer.queue("budget-check").getJob("bc-1"))?.isCompleted()).toBe(true);
    expect(await view.retryAll()).toBe(0);
    await worker.close();
    await view.close();
    await producer.close();
  }, 60_000);
});
