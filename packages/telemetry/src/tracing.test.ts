import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { endSpan, initTracing, startClientSpan, startConsumerSpan, startServerSpan, contextFromTraceparent, traceparentOf } from "./tracing.js";

describe("trace continuation gateway → upstream → worker", () => {
  it("keeps one trace id from the caller through the upstream attempt to the worker's consumer span", async () => {
    const exporter = new InMemorySpanExporter();
    const t = initTracing(undefined, "test", exporter)!;
    const caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const server = startServerSpan(t, "POST /v1/chat/completions", contextFromTraceparent(caller));
    const upstream = startClientSpan(t, "upstream openai", server, { attempt: 1 });
    endSpan(upstream, 200);
    endSpan(server, 200);
    // The usage event carries the server span's traceparent to the worker.
    const consumer = startConsumerSpan(t, "usage.ingest", traceparentOf(server), { "switchboard.request_id": "req_1" });
    endSpan(consumer, 200);
    await t.flush();
    const spans = exporter.getFinishedSpans();
    expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(new Set(["4bf92f3577b34da6a3ce929d0e0e4736"]));
    const byName = Object.fromEntries(spans.map((s) => [s.name, s]));
    expect(byName["upstream openai"]!.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(byName["usage.ingest"]!.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    await t.shutdown();
  });

  it("ignores malformed or all-zero traceparents", () => {
    for (const bad of ["junk", "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7"]) {
      expect(contextFromTraceparent(bad)).toBe(contextFromTraceparent(undefined));
    }
  });
});
