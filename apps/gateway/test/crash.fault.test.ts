import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startChildGateway, startSharedStack, usageEventsFor, type SharedStack } from "./multiprocess.js";

// A gateway SIGKILLed under load loses no usage event: every request a client saw answered is in the
// queue once the next gateway process has replayed the dead one's journal.
let stack: SharedStack;
beforeAll(async () => {
  stack = await startSharedStack();
});
afterAll(() => stack?.close());

describe("gateway killed with SIGKILL under load", () => {
  it("replays the dead process's usage journal; every answered request has exactly one event", async () => {
    const journal = fs.mkdtempSync(path.join(os.tmpdir(), "sb-crash-journal-"));
    const extra = { USAGE_JOURNAL_DIR: journal };
    const { key, tenantId } = await stack.createKey({ rpmLimit: 100_000 });
    const first = await startChildGateway({ databaseUrl: stack.db.url, redisUrl: stack.redisUrl, redisPrefix: stack.redisPrefix, mockUrl: stack.mock.url, extra });
    const client = stack.client(first.baseURL, key, { maxRetries: 0 });
    const answered: string[] = [];
    let stop = false;
    let firstError = "";
    const loop = async () => {
      while (!stop) {
        const r = await client.chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "load" }] }).withResponse().catch((e: unknown) => { if (!stop && !firstError) firstError = String(e); return null; });
        if (r) answered.push(r.response.headers.get("x-request-id")!);
      }
    };
    const loops = Array.from({ length: 16 }, loop);
    // Kill it in the middle of steady load.
    while (answered.length < 200) await new Promise((r) => setTimeout(r, 20));
    first.proc.kill("SIGKILL");
    stop = true;
    await Promise.all(loops);
    await first.exited;
    expect(answered.length, firstError + first.output().slice(-2000)).toBeGreaterThan(50);

    // The next process adopts the orphaned journal once it has gone stale (a few seconds).
    const second = await startChildGateway({ databaseUrl: stack.db.url, redisUrl: stack.redisUrl, redisPrefix: stack.redisPrefix, mockUrl: stack.mock.url, extra });
    const deadline = Date.now() + 20_000;
    let ids = new Set<string>();
    while (Date.now() < deadline) {
      ids = new Set((await usageEventsFor(stack.redisUrl, tenantId)).map((e) => e.event.requestId));
      if (answered.every((id) => ids.has(id))) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const missing = answered.filter((id) => !ids.has(id));
    expect(missing, `${missing.length} of ${answered.length} answered requests have no usage event`).toEqual([]);
    // Exactly one per request id (usageEventsFor also checks that a replayed copy equals the first).
    const events = await usageEventsFor(stack.redisUrl, tenantId);
    expect(new Set(events.map((e) => e.event.requestId)).size).toBe(events.length);
    await second.stop();
  }, 90_000);
});
