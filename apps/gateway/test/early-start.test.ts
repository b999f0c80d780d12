import type { AdmitInput, AdmitResult, Limiter } from "@switchboard/limits";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "./harness.js";

const ask = (content: string) => ({ model: "gpt-mock", messages: [{ role: "user" as const, content }] });
const until = async (cond: () => boolean, ms = 3_000) => {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** The gateway's real limiter, with admission held until the test lets it go (and optionally turned into a denial). */
function holdAdmission(t: TestGateway) {
  const real = t.gateway.ctx.limiter;
  let release: (deny: boolean) => void = () => {};
  const gate = new Promise<boolean>((r) => (release = r));
  let pending = 0;
  const held: Limiter = {
    async admit(input: AdmitInput): Promise<AdmitResult> {
      pending++;
      const deny = await gate;
      const r = await real.admit(input);
      if (!deny) return r;
      return { ...r, allowed: false, denial: { kind: "rate", scope: "key", dimension: "requests", limit: 1, tooLarge: false }, retryAfterMs: 1_000 };
    },
    settle: (input) => real.settle(input),
  };
  t.gateway.ctx.limiter = held;
  return { release: (deny = false) => release(deny), pending: () => pending, restore: () => (t.gateway.ctx.limiter = real) };
}

describe("optimistic admission: the upstream call starts alongside the admit round trip", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterEach(() => t.mock.reset());
  afterAll(() => t?.close());

  it("a key with room reaches the upstream before admission answers; the answer waits for admission", async () => {
    const { key } = await t.createKey();
    const hold = holdAdmission(t);
    try {
      const answer = t.client(key).chat.completions.create(ask("hello"));
      await until(() => t.mock.requests().length === 1);
      expect(hold.pending()).toBe(1); // upstream already called, admission still out
      hold.release();
      const completion = await answer;
      expect(completion.choices[0]?.message.content).toBeTruthy();
    } finally {
      hold.restore();
    }
  });

  it("a denial aborts the started upstream call and the client gets the 429", async () => {
    const { key } = await t.createKey();
    const hold = holdAdmission(t);
    try {
      const answer = t.client(key).chat.completions.create(ask("slow [[mock latency_ms=3000]]"));
      await until(() => t.mock.requests().length === 1);
      hold.release(true);
      await expect(answer).rejects.toMatchObject({ status: 429, code: "rate_limit_requests" });
      await until(() => t.mock.requests()[0]?.clientAborted === true);
    } finally {
      hold.restore();
    }
    const metrics = await (await fetch(t.baseURL.replace(/\/v1$/, "/metrics"))).text();
    expect(metrics).toMatch(/sb_gateway_early_starts_cancelled [1-9]/);
  });

  it("a key close to its limit waits for admission first", async () => {
    const { key } = await t.createKey({ rpmLimit: 3 });
    await t.client(key).chat.completions.create(ask("one")); // the process now knows: 2 of 3 left
    await t.client(key).chat.completions.create(ask("two")); // 1 left: below the margin
    t.mock.reset();
    const hold = holdAdmission(t);
    try {
      const answer = t.client(key).chat.completions.create(ask("three"));
      await until(() => hold.pending() === 1);
      await new Promise((r) => setTimeout(r, 100));
      expect(t.mock.requests()).toHaveLength(0);
      hold.release();
      await answer;
      expect(t.mock.requests()).toHaveLength(1);
    } finally {
      hold.restore();
    }
  });
});

describe("EARLY_START=off", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ EARLY_START: "off" });
  });
  afterAll(() => t?.close());

  it("never calls the upstream before admission answers", async () => {
    const { key } = await t.createKey();
    const hold = holdAdmission(t);
    try {
      const answer = t.client(key).chat.completions.create(ask("hello"));
      await until(() => hold.pending() === 1);
      await new Promise((r) => setTimeout(r, 100));
      expect(t.mock.requests()).toHaveLength(0);
      hold.release();
      await answer;
      expect(t.mock.requests()).toHaveLength(1);
    } finally {
      hold.restore();
    }
  });
});
