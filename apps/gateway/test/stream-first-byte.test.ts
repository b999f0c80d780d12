import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ChatCompletionRequest, StreamEvent } from "@switchboard/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate } from "../src/auth/authenticate.js";
import { SseWriter } from "../src/http/sse.js";
import { requiredCapabilities } from "../src/routing/router.js";
import { executeChat } from "../src/upstream/execute-chat.js";
import { startTestGateway, type TestGateway } from "./harness.js";

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  await t?.close();
});

const textOf = (events: StreamEvent[]) => events.map((e) => (e.type === "chunk" ? (e.chunk.choices[0]?.delta.content ?? "") : "")).join("");

describe("a stream's first byte", () => {
  it("is handed to the socket at once, not on the next tick", async () => {
    let seen: { corkedBefore: number; corkedAfter: number; buffered: number } | null = null;
    const server = http.createServer((_req, res) => {
      const sse = new SseWriter(res, {});
      sse.data('{"n":1}');
      // Node corks the socket on a response's write and uncorks it on the next tick.
      const corkedBefore = res.socket!.writableCorked;
      sse.flush();
      seen = { corkedBefore, corkedAfter: res.socket!.writableCorked, buffered: res.socket!.writableLength };
      sse.data('{"n":2}');
      sse.end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const body = await (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)).text();
      expect(body).toBe('data: {"n":1}\n\ndata: {"n":2}\n\n');
      expect(seen).toEqual({ corkedBefore: 1, corkedAfter: 0, buffered: 0 });
    } finally {
      server.close();
    }
  });

  it("commits at the first content when one read brings the whole answer; the rest follows in order, nothing lost", async () => {
    const { key } = await t.createKey();
    const ctx = t.gateway.ctx;
    const record = await authenticate({ authorization: `Bearer ${key}` }, ctx.keys);
    const req = { model: "gpt-mock", stream: true, messages: [{ role: "user", content: "tell me a story [[mock tokens=120]]" }] } as ChatCompletionRequest;
    const plan = ctx.router.plan(["gpt-mock"], record, { ...requiredCapabilities(req), mode: "chat" }, { promptTokens: 20, outputTokens: 256, tenant: await ctx.tenants.get(record.tenantId) });
    // The real adapter, its decoder wrapped to count the bytes it was given.
    let decodedBytes = 0;
    const deps = {
      ...ctx.executor,
      adapterFor(kind: string) {
        const adapter = ctx.executor.adapterFor(kind);
        return {
          ...adapter,
          createChatStreamDecoder(...args: Parameters<typeof adapter.createChatStreamDecoder>) {
            const decoder = adapter.createChatStreamDecoder(...args);
            return { push: (b: Uint8Array) => ((decodedBytes += b.length), decoder.push(b)), end: () => decoder.end() };
          },
        } as typeof adapter;
      },
    };
    // The mock writes an unpaced stream in one call (~35 KB here): it reaches the gateway as one read.
    const outcome = await executeChat(deps, plan.deployments, req, plan.policy, new AbortController().signal, { id: "chatcmpl-firstbyte", created: 1 });
    if (outcome.kind !== "stream") throw new Error("expected a stream");
    // Only the events up to the first content were decoded before the caller could send the first byte.
    const atCommit = decodedBytes;
    expect(atCommit).toBeGreaterThan(0);
    expect(atCommit).toBeLessThan(1_000);
    // The head ends at the first content: nothing after it was decoded before the first byte could leave.
    const contentInHead = outcome.head.filter((e) => e.type === "chunk" && e.chunk.choices[0]?.delta.content);
    expect(contentInHead).toHaveLength(1);
    expect(outcome.head.at(-1)).toBe(contentInHead[0]);
    const tail: StreamEvent[] = [];
    for await (const events of outcome.tail) tail.push(...events);
    outcome.release();
    expect(tail.filter((e) => e.type === "chunk" && e.chunk.choices[0]?.delta.content).length).toBeGreaterThan(100);
    expect(tail.some((e) => e.type === "usage")).toBe(true);
    expect(tail.at(-1)?.type).toBe("done");
    expect(decodedBytes).toBeGreaterThan(10 * atCommit);
    // Same text as the same request answered in one piece.
    const whole = await t.client(key).chat.completions.create({ model: "gpt-mock", messages: req.messages as never });
    expect(textOf([...outcome.head, ...tail])).toBe(whole.choices[0]!.message.content);
  });
});
