import fs from "node:fs";
import path from "node:path";
import { LOAD_CORE } from "../config.js";
import { ensureAptPackage, runQuiet } from "../procs.js";

export interface HttpRequestSpec {
  url: string;
  headers: Record<string, string>;
  /** One body, or several sent in turn (the soak mixes streaming and non-streaming). */
  bodies: string[];
}

export interface WrkResult {
  requests: number;
  durationS: number;
  rps: number;
  /** connect/read/write/timeout errors plus non-2xx/3xx responses */
  errors: number;
  non2xx: number;
  /** microseconds, from writing the request to the last byte of the response */
  latencyUs: { p50: number; p90: number; p99: number; max: number; mean: number };
}

/**
 * Lua for wrk: the request(s), optional pacing to a fixed rate, and a machine-readable summary.
 * Pacing: each time a connection is ready, `delay()` books the thread's next send slot (1/rate apart) on
 * a monotonic clock (LuaJIT FFI), so the offered rate stays fixed whatever the latency; a connection that
 * falls behind skips slots instead of bursting. wrk measures latency from the write, so delays are excluded.
 */
function luaScript(spec: HttpRequestSpec): string {
  const u = new URL(spec.url);
  const headers = Object.entries(spec.headers)
    .map(([k, v]) => `[ ${luaString(k)} ] = ${luaString(v)}`)
    .join(", ");
  const bodies = spec.bodies.map((b) => `wrk.format("POST", ${luaString(u.pathname + u.search)}, headers, ${luaString(b)})`).join(",\n  ");
  return `
local ffi = require("ffi")
ffi.cdef[[ typedef struct { long tv_sec; long tv_nsec; } sb_timespec; int clock_gettime(int clk, sb_timespec *ts); ]]
local ts = ffi.new("sb_timespec")
local function now_ms() ffi.C.clock_gettime(1, ts); return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6 end

local headers = { ${headers} }
local reqs, n, i = nil, 0, 0
local interval, next_slot = 0, 0

function init(args)
  reqs = {
  ${bodies}
  }
  n = #reqs
  local rate = tonumber(args[1]) or 0
  local threads = tonumber(args[2]) or 1
  if rate > 0 then interval = 1000 * threads / rate end
end

function request()
  i = i % n + 1
  return reqs[i]
end

${"" /* delay() is defined only when pacing, so unpaced runs take wrk's fast path */}
function paced_delay()
  local t = now_ms()
  if next_slot < t then next_slot = t end
  local d = next_slot - t
  next_slot = next_slot + interval
  return d
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
`;
}

function luaString(s: string): string {
  let eq = "";
  while (s.includes(`]${eq}]`)) eq += "=";
  return `[${eq}[${s}]${eq}]`;
}

let scriptSeq = 0;

/** Runs wrk (one thread, on the load core) against `spec` for `durationS` seconds; `rate` 0 = as fast as possible. */
export async function runWrk(spec: HttpRequestSpec, opts: { connections: number; durationS: number; rate?: number; tmpDir: string }): Promise<WrkResult> {
  fs.mkdirSync(opts.tmpDir, { recursive: true });
  const script = path.join(opts.tmpDir, `wrk-${process.pid}-${scriptSeq++}.lua`);
  const paced = (opts.rate ?? 0) > 0;
  fs.writeFileSync(script, luaScript(spec) + (paced ? "\ndelay = paced_delay\n" : ""));
  const durationS = Math.max(1, Math.round(opts.durationS));
  const args = ["-c", LOAD_CORE, "wrk", "-t1", `-c${opts.connections}`, `-d${durationS}s`, "--timeout", "10s", "-s", script, spec.url, "--", String(opts.rate ?? 0), "1"];
  const out = await runQuiet("taskset", args, { timeoutMs: (durationS + 30) * 1000 });
  fs.rmSync(script, { force: true });
  const line = out.split("\n").find((l) => l.startsWith("WRKJSON "));
  if (!line) throw new Error(`wrk printed no summary:\n${out.slice(-2000)}`);
  const j = JSON.parse(line.slice("WRKJSON ".length)) as Record<string, number>;
  const duration = j.duration_us! / 1e6;
  const non2xx = j.status!;
  return {
    requests: j.requests!,
    durationS: duration,
    rps: (j.requests! - non2xx) / duration,
    errors: j.connect! + j.read! + j.write! + j.timeout! + non2xx,
    non2xx,
    latencyUs: { p50: j.p50!, p90: j.p90!, p99: j.p99!, max: j.max!, mean: j.mean! },
  };
}

/** wrk from Debian is the load generator; installed when missing and allowed (root), else explained. */
export function ensureWrk(): Promise<void> {
  return ensureAptPackage("wrk", () =>
    runQuiet("wrk", ["--version"]).then(
      () => true,
      // `wrk --version` prints its banner and exits 1.
      (e: Error) => /wrk \d/.test(e.message),
    ),
  );
}
