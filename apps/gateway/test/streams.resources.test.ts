import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "./harness.js";

// The gateway runs in this process, so its timers are this process's timers.
const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  await t?.close();
});

describe("a finished stream leaves nothing behind", () => {
  it("frees each attempt's deadline timer, also when the end arrives with the first content", async () => {
    const { key } = await t.createKey();
    const client = t.client(key);
    // The mock sends a short answer in one write: first content and [DONE] arrive in the same read.
    const once = async () => {
      const stream = await client.chat.completions.create({ model: "gpt-mock", stream: true, messages: [{ role: "user", content: "hi [[mock tokens=3]]" }] });
      let text = "";
      for await (const c of stream) text += c.choices[0]?.delta.content ?? "";
      expect(text.length).toBeGreaterThan(0);
    };
    await once();
    const before = timeouts();
    for (let i = 0; i < 40; i++) await once();
    // Each stream used to keep its 10-minute total-deadline timer (and everything its closure held) armed.
    expect(timeouts() - before).toBeLessThan(10);
  });
});
