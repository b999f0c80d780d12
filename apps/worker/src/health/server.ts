import { createServer, type Server } from "node:http";
import type { Metrics } from "./metrics.js";

export interface HealthServerOptions {
  port: number;
  /** Loopback by default; 0.0.0.0 in containers so probes can reach it. */
  host: string;
  metrics: Metrics;
  /** Dependencies reachable and workers running; false while starting or shutting down. */
  ready: () => Promise<boolean>;
  /** Refreshes gauges (queue depth...) right before /metrics renders. */
  collect?: () => Promise<void>;
}

/** /health: the process is up. /ready: it can do work. /metrics: Prometheus text. */
export function startHealthServer(opts: HealthServerOptions): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const reply = (status: number, body: string, type = "application/json"): void => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(body);
    };
    if (path === "/health" || path === "/healthz") return reply(200, '{"status":"ok"}');
    if (path === "/ready" || path === "/readyz") {
      void opts
        .ready()
        .catch(() => false)
        .then((ok) => reply(ok ? 200 : 503, JSON.stringify({ status: ok ? "ready" : "not_ready" })));
      return;
    }
    if (path === "/metrics") {
      void (opts.collect?.() ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => reply(200, opts.metrics.render(), "text/plain; version=0.0.4"));
      return;
    }
    reply(404, '{"error":"not_found"}');
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve(server));
  });
}
