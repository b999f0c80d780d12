import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockProvider, type MockProvider } from "../index.js";
import { arr, obj, OPENAI_HEADERS, postJson } from "../test-support/http.js";

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider({ requestLogLimit: 5 });
});
afterAll(() => mock.close());
beforeEach(async () => {
  await fetch(`${mock.url}/__mock/reset`, { method: "POST" });
});

const chat = (model: string, content = "hi") => postJson(`${mock.url}/v1/chat/completions`, { model, messages: [{ role: "user", content }] }, OPENAI_HEADERS);
const scenario = (body: unknown) => postJson(`${mock.url}/__mock/scenarios`, body, { "content-type": "application/json" });

describe("admin API", () => {
  it("reports health", async () => {
    const body = obj(await (await fetch(`${mock.url}/__mock/health`)).json());
    expect(body.status).toBe("ok");
  });

  it("queues scenario responses in order for the matching model, then behaves normally", async () => {
    const created = await scenario({ model: "target", responses: [{ status: 429, retryAfter: 1 }, { status: 500 }] });
    expect(created.status).toBe(201);
    expect(String(obj(await created.json()).id)).toMatch(/^scn_/);
    expect((await chat("other")).status).toBe(200);
    const first = await chat("target");
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("1");
    expect((await chat("target")).status).toBe(500);
    expect((await chat("target")).status).toBe(200);
  });

  it("repeats a scenario and serves literal bodies", async () => {
    await scenario({ path: "/v1/chat/completions", repeat: true, responses: [{ status: 418, body: { teapot: true }, headers: { "x-extra": "1" } }] });
    for (let i = 0; i < 3; i++) {
      const res = await chat("any");
      expect(res.status).toBe(418);
      expect(res.headers.get("x-extra")).toBe("1");
      expect(await res.json()).toEqual({ teapot: true });
    }
  });

  it("rejects invalid scenarios with the offending field named", async () => {
    const res = await scenario({ responses: [{ status: 500, fault: "explode" }] });
    expect(res.status).toBe(400);
    expect(String(obj(obj(await res.json()).error).message)).toContain("fault");
    expect((await scenario({ responses: [] })).status).toBe(400);
  });

  it("records requests (headers, parsed body, status) and honours limit and the ring size", async () => {
    const image = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    await postJson(`${mock.url}/v1/chat/completions`, { model: "vision", messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: image } }] }] }, { ...OPENAI_HEADERS, "x-trace": "t1" });
    const body = obj(await (await fetch(`${mock.url}/__mock/requests?limit=1`)).json());
    const [req] = arr(body.requests).map(obj);
    expect(req?.path).toBe("/v1/chat/completions");
    expect(req?.method).toBe("POST");
    expect(req?.status).toBe(200);
    expect(obj(req?.headers)["x-trace"]).toBe("t1");
    expect(JSON.stringify(req?.body)).toContain(image);
    expect(typeof req?.time).toBe("number");
    for (let i = 0; i < 7; i++) await chat(`m${i}`);
    const all = mock.requests();
    expect(all).toHaveLength(5);
    expect(all.map((r) => obj(r.body).model)).toEqual(["m2", "m3", "m4", "m5", "m6"]);
  });

  it("reset clears the log, scenarios and times counters", async () => {
    expect((await chat("x", "a [[mock status=503 times=1]]")).status).toBe(503);
    expect((await chat("x", "a [[mock status=503 times=1]]")).status).toBe(200);
    await scenario({ responses: [{ status: 500 }] });
    mock.reset();
    expect(mock.requests()).toHaveLength(0);
    // The scenario is gone (else 500) and the times counter restarted (else 200).
    expect((await chat("x", "a [[mock status=503 times=1]]")).status).toBe(503);
    const scenarios = obj(await (await fetch(`${mock.url}/__mock/scenarios`)).json());
    expect(scenarios.scenarios).toEqual([]);
  });

  it("answers an unknown route with OpenAI's invalid URL error and rejects oversized bodies with 413", async () => {
    const res = await fetch(`${mock.url}/v1/nope`, { method: "POST", headers: OPENAI_HEADERS, body: "{}" });
    expect(res.status).toBe(404);
    const small = await startMockProvider({ maxBodyBytes: 100 });
    try {
      const big = await postJson(`${small.url}/v1/chat/completions`, { model: "m", messages: [{ role: "user", content: "x".repeat(500) }] }, OPENAI_HEADERS);
      expect(big.status).toBe(413);
    } finally {
      await small.close();
    }
  });
});
