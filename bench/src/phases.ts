import fs from "node:fs";
import path from "node:path";
import type { BenchConfig } from "./config.js";
import { holdStreams, runStreamsAtRate, type HeldStreamsResult } from "./load/stream-probe.js";
import { runWrk, type HttpRequestSpec, type WrkResult } from "./load/wrk.js";
import type { Percentiles } from "./metrics/percentiles.js";
import { ProcSampler, readCpuSeconds, readRssBytes, type RssSample } from "./metrics/proc-stats.js";
import { JSON_HEADERS, NON_STREAM_BODY, STREAM_BODY, slowStreamBody } from "./payloads.js";
import { flushUsageQueue, type Stack } from "./stack.js";
import type { RunningTarget } from "./targets/types.js";

const MB = 1024 * 1024;

export interface ThroughputResult {
  wrk: WrkResult;
  peakRssMB: number;
  /** CPU time of the target process per successful request */
  cpuUsPerReq: number;
  /** CPU per request of backing processes (Switchboard's Redis) */
  helperCpuUsPerReq: Record<string, number>;
}

export interface RateResult {
  rps: number;
  connections: number;
  wrk: WrkResult;
}

export interface StreamRate {
  rps: number;
  connections: number;
  achievedRps: number;
  requests: number;
  errors: number;
  ttfbUs: Percentiles;
  ttlbUs: Percentiles;
}

export interface SlowStreamsResult extends HeldStreamsResult {
  peakRssMB: number;
  /** the pacing the mock applies: chunks / tps */
  expectedSpreadMs: number;
}

export interface SoakResult {
  durationS: number;
  rps: number;
  errors: number;
  baselineMB: number;
  endMB: number;
  peakMB: number;
  growthPct: number;
  samples: RssSample[];
}

export interface TargetResult {
  name: string;
  label: string;
  bind: string;
  idleRssMB: number;
  /** the median of the rounds by req/s (peak RSS: the highest of any round) */
  throughput: ThroughputResult;
  throughputRounds: ThroughputResult[];
  latency: RateResult[];
  streams: StreamRate[];
  slowStreams: SlowStreamsResult;
  soak: SoakResult | null;
  /** 1-minute load average before and after this target's phases (other work on the machine skews results) */
  loadAvg: [number, number];
}

export interface PhaseContext {
  cfg: BenchConfig;
  stack: Stack;
  log: (m: string) => void;
}

function spec(t: RunningTarget, bodies: string[]): HttpRequestSpec {
  return { url: `${t.baseUrl}/chat/completions`, headers: { ...JSON_HEADERS, ...t.headers }, bodies };
}

/** Runs every measurement but the soak against one started target, in a fixed order. */
export async function measureTarget(ctx: PhaseContext, t: RunningTarget, label: string): Promise<TargetResult> {
  const { cfg, log } = ctx;
  const tmpDir = path.join(ctx.stack.tmpDir, "wrk");
  const idleRssMB = (readRssBytes(t.pid) ?? 0) / MB;
  const loadBefore = loadAvg1();

  log(`  warm-up ${cfg.warmupS}s`);
  await runWrk(spec(t, [NON_STREAM_BODY]), { connections: cfg.connections, durationS: cfg.warmupS, tmpDir });
  await runStreamsAtRate(streamSpec(t, STREAM_BODY), { rps: 200, connections: 4, durationS: Math.min(2, cfg.warmupS) });
  await flushUsageQueue(ctx.stack);

  log(`  saturation: ${cfg.connections} connections, ${cfg.throughputS}s`);
  const throughput = await measureThroughput(ctx, t);
  log(`    ${throughput.wrk.rps.toFixed(0)} req/s, ${throughput.wrk.errors} errors, peak RSS ${throughput.peakRssMB.toFixed(1)} MB, ${throughput.cpuUsPerReq.toFixed(0)} µs CPU/req`);
  await flushUsageQueue(ctx.stack);

  const latency: RateResult[] = [];
  for (const r of cfg.rates) {
    const wrk = await runWrk(spec(t, [NON_STREAM_BODY]), { connections: r.connections, durationS: cfg.latencyS, rate: r.rps, tmpDir });
    latency.push({ rps: r.rps, connections: r.connections, wrk });
    log(`  ${r.rps} req/s non-streaming: p50 ${us(wrk.latencyUs.p50)} p99 ${us(wrk.latencyUs.p99)} (achieved ${wrk.rps.toFixed(0)} req/s, ${wrk.errors} errors)`);
  }
  await flushUsageQueue(ctx.stack);

  const streams: StreamRate[] = [];
  for (const r of cfg.rates) {
    const s = await runStreamsAtRate(streamSpec(t, STREAM_BODY), { rps: r.rps, connections: r.connections, durationS: cfg.streamS });
    streams.push({ rps: r.rps, connections: r.connections, achievedRps: s.rps, requests: s.requests, errors: s.errors, ttfbUs: s.ttfbUs, ttlbUs: s.ttlbUs });
    log(`  ${r.rps} req/s streaming: TTFB p50 ${us(s.ttfbUs.p50)} p99 ${us(s.ttfbUs.p99)}, TTLB p50 ${us(s.ttlbUs.p50)} (${s.errors} errors)`);
  }
  await flushUsageQueue(ctx.stack);

  const slowStreams = await measureSlowStreams(ctx, t);
  log(`  ${slowStreams.opened} slow streams: ${slowStreams.completed} ok, peak ${slowStreams.peakConcurrent} concurrent, peak RSS ${slowStreams.peakRssMB.toFixed(1)} MB, ${slowStreams.medianReads} reads over ${slowStreams.medianSpreadMs.toFixed(0)} ms`);
  await flushUsageQueue(ctx.stack);

  return { name: t.name, label, bind: t.bind, idleRssMB, throughput, throughputRounds: [throughput], latency, streams, slowStreams, soak: null, loadAvg: [loadBefore, loadAvg1()] };
}

export async function measureThroughput(ctx: PhaseContext, t: RunningTarget): Promise<ThroughputResult> {
  const tmpDir = path.join(ctx.stack.tmpDir, "wrk");
  const sampler = new ProcSampler(t.pid);
  const helpersAt = t.helpers.map((h) => ({ ...h, cpu: readCpuSeconds(h.pid) }));
  const wrk = await runWrk(spec(t, [NON_STREAM_BODY]), { connections: ctx.cfg.connections, durationS: ctx.cfg.throughputS, tmpDir });
  const s = sampler.stop();
  const ok = Math.max(1, wrk.requests - wrk.non2xx);
  const helperCpuUsPerReq: Record<string, number> = {};
  for (const h of helpersAt) helperCpuUsPerReq[h.name] = ((readCpuSeconds(h.pid) - h.cpu) * 1e6) / ok;
  return { wrk, peakRssMB: s.peakRssBytes / MB, cpuUsPerReq: (s.cpuSeconds * 1e6) / ok, helperCpuUsPerReq };
}

async function measureSlowStreams(ctx: PhaseContext, t: RunningTarget): Promise<SlowStreamsResult> {
  const { count, tps } = ctx.cfg.slowStreams;
  const expectedSpreadMs = (ctx.cfg.streamChunks / tps) * 1000;
  ctx.log(`  holding ${count} slow streams (~${(expectedSpreadMs / 1000).toFixed(0)}s each)`);
  const sampler = new ProcSampler(t.pid, 200);
  const held = await holdStreams(streamSpec(t, slowStreamBody(tps)), { count, timeoutMs: expectedSpreadMs * 4 + 15_000 });
  const s = sampler.stop();
  return { ...held, peakRssMB: s.peakRssBytes / MB, expectedSpreadMs };
}

export async function measureSoak(ctx: PhaseContext, t: RunningTarget): Promise<SoakResult> {
  const { soakS, soakRps } = ctx.cfg;
  const tmpDir = path.join(ctx.stack.tmpDir, "wrk");
  ctx.log(`  soak: ${soakS}s at ${soakRps} req/s (streaming and non-streaming in turn)`);
  const sampler = new ProcSampler(t.pid, 1000);
  // Queue keys are dropped every minute so Redis memory stays bounded without a worker.
  const flusher = setInterval(() => void flushUsageQueue(ctx.stack).catch(() => {}), 60_000);
  const wrk = await runWrk(spec(t, [NON_STREAM_BODY, STREAM_BODY]), { connections: 16, durationS: soakS, rate: soakRps, tmpDir }).finally(() => clearInterval(flusher));
  const { samples, peakRssBytes } = sampler.stop();
  const window = (from: number, to: number) => {
    const xs = samples.filter((x) => x.t >= from * soakS && x.t <= to * soakS).map((x) => x.bytes);
    return (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : (samples.at(-1)?.bytes ?? 0)) / MB;
  };
  // Baseline after the first tenth (caches and JIT settle), end = the last 15%.
  const baselineMB = window(0.1, 0.25);
  const endMB = window(0.85, 1.01);
  const result = { durationS: soakS, rps: wrk.rps, errors: wrk.errors, baselineMB, endMB, peakMB: peakRssBytes / MB, growthPct: ((endMB - baselineMB) / baselineMB) * 100, samples };
  ctx.log(`    RSS ${baselineMB.toFixed(1)} → ${endMB.toFixed(1)} MB (${result.growthPct.toFixed(1)}%), ${wrk.rps.toFixed(0)} req/s`);
  await flushUsageQueue(ctx.stack);
  return result;
}

function streamSpec(t: RunningTarget, body: string) {
  return { url: `${t.baseUrl}/chat/completions`, headers: { ...JSON_HEADERS, ...t.headers }, body };
}

function loadAvg1(): number {
  return Number(fs.readFileSync("/proc/loadavg", "utf8").split(" ")[0]);
}

export function us(v: number): string {
  return `${(v / 1000).toFixed(2)} ms`;
}

