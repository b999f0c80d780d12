import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span, type Tracer } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";

/**
 * OpenTelemetry traces (the official SDK), exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is
 * set; otherwise no tracer at all (zero cost on the hot path). The W3C `traceparent` is read from clients,
 * sent to the upstream on every attempt, and carried to the worker in the usage event.
 */
export interface Tracing {
  tracer: Tracer;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export function initTracing(endpoint: string | undefined, serviceName: string, exporter?: SpanExporter): Tracing | null {
  if (!endpoint && !exporter) return null;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter ?? new OTLPTraceExporter({ url: `${endpoint!.replace(/\/+$/, "")}/v1/traces` }), { scheduledDelayMillis: 500 })],
  });
  return { tracer: provider.getTracer(serviceName), flush: () => provider.forceFlush(), shutdown: () => provider.shutdown() };
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The caller's trace context, if it sent a valid `traceparent`. */
export function contextFromTraceparent(header: string | string[] | undefined): Context {
  const m = typeof header === "string" ? TRACEPARENT.exec(header.trim()) : null;
  if (!m || /^0+$/.test(m[1]!) || /^0+$/.test(m[2]!)) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, { traceId: m[1]!, spanId: m[2]!, traceFlags: parseInt(m[3]!, 16), isRemote: true });
}

export function traceparentOf(span: Span): string {
  const c = span.spanContext();
  return `00-${c.traceId}-${c.spanId}-0${c.traceFlags & 1}`;
}

export function startServerSpan(t: Tracing, name: string, parent: Context): Span {
  return t.tracer.startSpan(name, { kind: SpanKind.SERVER }, parent);
}

export function startClientSpan(t: Tracing, name: string, parent: Span, attributes: Record<string, string | number>): Span {
  return t.tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, trace.setSpan(ROOT_CONTEXT, parent));
}

/** A consumer span (the worker handling a usage event) continuing the producer's trace. */
export function startConsumerSpan(t: Tracing, name: string, traceparent: string | undefined, attributes: Record<string, string | number>): Span {
  return t.tracer.startSpan(name, { kind: SpanKind.CONSUMER, attributes }, contextFromTraceparent(traceparent));
}

export function endSpan(span: Span, status: number, error?: string): void {
  span.setAttribute("http.response.status_code", status);
  if (status >= 400) span.setStatus({ code: SpanStatusCode.ERROR, ...(error && { message: error }) });
  span.end();
}
