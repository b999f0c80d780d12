import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "./harness.js";

let t: TestGateway;
let key: string;
beforeAll(async () => {
  t = await startTestGateway();
  ({ key } = await t.createKey());
});
afterAll(() => t?.close());

const root = () => t.baseURL.replace(/\/v1$/, "");

describe("health, readiness and Prometheus metrics", () => {
  it("answers liveness and readiness", async () => {
    expect((await fetch(`${root()}/health`)).status).toBe(200);
    const ready = await fetch(`${root()}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });

  it("exports request counts, latency histograms, upstream errors and circuit states", async () => {
    const c = t.client(key);
    await c.chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "hi" }] });
    await c.chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "[[mock status=503]]" }] }).catch(() => {});
    await new Promise((r) => setTimeout(r, 50));
    const res = await fetch(`${root()}/metrics`);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toMatch(/sb_gateway_requests_total\{endpoint="\/v1\/chat\/completions",status="200"\} [1-9]/);
    expect(text).toMatch(/sb_gateway_requests_total\{endpoint="\/v1\/chat\/completions",status="503"\} 1/);
    expect(text).toMatch(/sb_gateway_request_duration_seconds_bucket\{le="0.5",endpoint="\/v1\/chat\/completions",stream="false"\} [1-9]/);
    expect(text).toMatch(/sb_gateway_upstream_errors_total\{provider="mock",code="[^"]+"\} 2/);
    expect(text).toMatch(/sb_gateway_circuit_state\{deployment="mock\/gpt-mock"\} 0/);
    expect(text).toContain("sb_gateway_usage_events_buffered 0");
  });
});
