import http from "node:http";
import { sleep } from "../procs.js";
import { percentiles, type Percentiles } from "../metrics/percentiles.js";

/**
 * Streaming client (wrk cannot see a response's first byte). Plain node:http on keep-alive connections, the
 * same code for every target, so its own overhead cancels out of "added" figures. Times are microseconds
 * from `req.end()`: TTFB at the first body bytes (the first SSE event, not the headers), TTLB at the end.
 */
export interface StreamSpec {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface StreamRateResult {
  requests: number;
  errors: number;
  rps: number;
  ttfbUs: Percentiles;
  ttlbUs: Percentiles;
}

interface OneStream {
  ok: boolean;
  /** ms (performance.now) */
  sent: number;
  firstByte: number;
  end: number;
  dataEvents: number;
}

function streamOnce(agent: http.Agent, spec: StreamSpec, timeoutMs: number): Promise<OneStream> {
  const u = new URL(spec.url);
  return new Promise((resolve) => {
    const r: OneStream = { ok: false, sent: 0, firstByte: 0, end: 0, dataEvents: 0 };
    let tail = "";
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: "POST", agent, headers: { ...spec.headers, "content-length": Buffer.byteLength(spec.body) } }, (res) => {
      res.on("data", (d: Buffer) => {
        if (r.dataEvents++ === 0) r.firstByte = performance.now();
        tail = (tail + d.toString("latin1")).slice(-64);
      });
      res.on("end", () => {
        r.end = performance.now();
        r.ok = res.statusCode === 200 && tail.includes("[DONE]");
        resolve(r);
      });
      res.on("error", () => resolve(r));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error("timeout")));
    req.on("error", () => {
      r.end = performance.now();
      resolve(r);
    });
    req.end(spec.body);
    r.sent = performance.now();
  });
}

/** Streams at a fixed offered rate over `connections` keep-alive connections (send slots 1/rate apart). */
export async function runStreamsAtRate(spec: StreamSpec, opts: { rps: number; connections: number; durationS: number }): Promise<StreamRateResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const interval = 1000 / opts.rps;
  const start = performance.now();
  const stopAt = start + opts.durationS * 1000;
  let nextSlot = start;
  const ttfb: number[] = [];
  const ttlb: number[] = [];
  let requests = 0;
  let errors = 0;
  const worker = async () => {
    for (;;) {
      const now = performance.now();
      if (nextSlot < now) nextSlot = now;
      const slot = nextSlot;
      nextSlot += interval;
      if (slot >= stopAt) return;
      if (slot - now >= 1) await sleep(slot - now);
      const s = await streamOnce(agent, spec, 10_000);
      requests++;
      if (!s.ok) {
        errors++;
        continue;
      }
      ttfb.push((s.firstByte - s.sent) * 1000);
      ttlb.push((s.end - s.sent) * 1000);
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, worker));
  agent.destroy();
  const elapsedS = (performance.now() - start) / 1000;
  return { requests, errors, rps: (requests - errors) / elapsedS, ttfbUs: percentiles(ttfb), ttlbUs: percentiles(ttlb) };
}

export interface HeldStreamsResult {
  opened: number;
  completed: number;
  failed: number;
  /** most streams that were between their first and last byte at the same moment */
  peakConcurrent: number;
  /** median ms from a stream's first body bytes to its end: ~ the upstream's pacing when chunks are forwarded live */
  medianSpreadMs: number;
  /** median number of body reads per stream (≈ chunks when forwarded as they arrive, 1–2 when buffered) */
  medianReads: number;
  /** p99 ms from sending to the first byte (queueing shows here) */
  ttfbP99Ms: number;
}

/** Opens `count` slow streams at once (in small batches so the listen backlog never overflows) and holds them to the end. */
export async function holdStreams(spec: StreamSpec, opts: { count: number; timeoutMs: number; onAllOpen?: () => void }): Promise<HeldStreamsResult> {
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const pending: Array<Promise<OneStream>> = [];
  for (let i = 0; i < opts.count; i++) {
    pending.push(streamOnce(agent, spec, opts.timeoutMs));
    if (i % 50 === 49) await sleep(10);
  }
  opts.onAllOpen?.();
  const streams = await Promise.all(pending);
  agent.destroy();
  const ok = streams.filter((s) => s.ok);
  const events: Array<[number, number]> = [];
  for (const s of ok) events.push([s.firstByte, 1], [s.end, -1]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let cur = 0;
  let peak = 0;
  for (const [, d] of events) peak = Math.max(peak, (cur += d));
  return {
    opened: streams.length,
    completed: ok.length,
    failed: streams.length - ok.length,
    peakConcurrent: peak,
    medianSpreadMs: percentiles(ok.map((s) => s.end - s.firstByte)).p50,
    medianReads: percentiles(ok.map((s) => s.dataEvents)).p50,
    ttfbP99Ms: percentiles(ok.map((s) => s.firstByte - s.sent)).p99,
  };
}
