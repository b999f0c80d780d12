import { Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * Prometheus metrics for /metrics. Label sets are small and bounded (endpoint, status class, provider,
 * error code) so cardinality stays flat whatever the traffic.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: "sb_gateway_requests_total", help: "Requests answered, by endpoint and status.", labelNames: ["endpoint", "status"] as const, registers: [this.registry] });
  readonly duration = new Histogram({
    name: "sb_gateway_request_duration_seconds",
    help: "Time from request to the end of the response.",
    labelNames: ["endpoint", "stream"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });
  readonly upstreamAttempts = new Counter({ name: "sb_gateway_upstream_attempts_total", help: "Upstream calls, by provider and outcome.", labelNames: ["provider", "outcome"] as const, registers: [this.registry] });
  readonly upstreamErrors = new Counter({ name: "sb_gateway_upstream_errors_total", help: "Failed upstream calls, by provider and error code.", labelNames: ["provider", "code"] as const, registers: [this.registry] });
  readonly cacheLookups = new Counter({ name: "sb_gateway_cache_lookups_total", help: "Response cache lookups.", labelNames: ["result"] as const, registers: [this.registry] });
  readonly inflight = new Gauge({ name: "sb_gateway_inflight_requests", help: "Requests being served now.", registers: [this.registry] });

  constructor(sources: { circuits(): Array<{ id: string; state: "closed" | "open" | "half_open" }>; usageBuffered(): number; usageDropped(): number; earlyStartsCancelled?(): number }) {
    const circuit = new Gauge({ name: "sb_gateway_circuit_state", help: "Circuit per deployment: 0 closed, 1 half-open, 2 open.", labelNames: ["deployment"] as const, registers: [this.registry] });
    new Gauge({
      name: "sb_gateway_usage_events_buffered",
      help: "Usage events held in memory while Redis is unreachable.",
      registers: [this.registry],
      collect() {
        this.set(sources.usageBuffered());
      },
    });
    new Gauge({
      name: "sb_gateway_usage_events_dropped",
      help: "Usage events dropped because the buffer overflowed (should stay 0).",
      registers: [this.registry],
      collect() {
        this.set(sources.usageDropped());
      },
    });
    new Gauge({
      name: "sb_gateway_early_starts_cancelled",
      help: "Upstream calls started alongside admission and aborted because admission refused the request.",
      registers: [this.registry],
      collect() {
        this.set(sources.earlyStartsCancelled?.() ?? 0);
      },
    });
    this.collectCircuits = () => {
      circuit.reset();
      for (const c of sources.circuits()) circuit.set({ deployment: c.id }, c.state === "open" ? 2 : c.state === "half_open" ? 1 : 0);
    };
  }

  private readonly collectCircuits: () => void;
  // Bound label children, so the per-request path skips prom-client's label hashing.
  private readonly requestChildren = new Map<string, { count: { inc(): void }; time: { observe(v: number): void } }>();

  private readonly attemptChildren = new Map<string, { inc(): void }>();

  /** One upstream call: counted by provider and outcome, failures also by error code. */
  observeAttempt(provider: string, ok: boolean, code: string | null): void {
    const k = `${provider}|${ok ? 1 : 0}`;
    let c = this.attemptChildren.get(k);
    if (c === undefined) this.attemptChildren.set(k, (c = this.upstreamAttempts.labels(provider, ok ? "success" : "error")));
    c.inc();
    if (!ok) this.upstreamErrors.inc({ provider, code: code ?? "unknown" });
  }

  /** One answered request: count by endpoint and status, time by endpoint and streaming. */
  observeRequest(endpoint: string, status: number, stream: boolean, seconds: number): void {
    const k = `${endpoint}|${status}|${stream ? 1 : 0}`;
    let c = this.requestChildren.get(k);
    if (c === undefined) {
      c = { count: this.requests.labels(endpoint, String(status)), time: this.duration.labels(endpoint, String(stream)) };
      this.requestChildren.set(k, c);
    }
    c.count.inc();
    c.time.observe(seconds);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    this.collectCircuits();
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
