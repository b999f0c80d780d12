import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "./harness.js";

interface OtlpSpan { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number }

// A real OTLP/HTTP collector endpoint (JSON), receiving what the gateway exports.
let collector: http.Server;
const spans: OtlpSpan[] = [];
let t: TestGateway;
let key: string;
beforeAll(async () => {
  collector = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      if (req.url === "/v1/traces") {
        const j = JSON.parse(body) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> };
        for (const rs of j.resourceSpans) for (const ss of rs.scopeSpans) spans.push(...ss.spans);
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise<void>((r) => collector.listen(0, "127.0.0.1", () => r()));
  const addr = collector.address() as { port: number };
  t = await startTestGateway({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${addr.port}` });
  ({ key } = await t.createKey());
});
afterAll(async () => {
  await t?.close();
  collector?.close();
});

describe("OpenTelemetry traces", () => {
  it("continue the caller's trace through every upstream attempt and hand it to the upstream", async () => {
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    t.mock.reset();
    await t.client(key).chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "trace me" }] }, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    const deadline = Date.now() + 5000;
    while (spans.filter((s) => s.traceId === traceId).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const mine = spans.filter((s) => s.traceId === traceId);
    const server = mine.find((s) => s.name === "POST /v1/chat/completions");
    const upstream = mine.find((s) => s.name === "upstream mock");
    expect(server?.parentSpanId).toBe("00f067aa0ba902b7");
    expect(upstream?.parentSpanId).toBe(server?.spanId);
    expect(t.mock.requests().at(-1)?.headers.traceparent).toBe(`00-${traceId}-${upstream?.spanId}-01`);
  });
});
