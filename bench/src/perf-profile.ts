import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { BENCH_DIR, LOAD_CORE } from "./config.js";
import { runWrk } from "./load/wrk.js";
import { JSON_HEADERS, NON_STREAM_BODY, STREAM_BODY } from "./payloads.js";
import { ensureAptPackage, pinPid, runQuiet, stopAllProcs } from "./procs.js";
import { startStack } from "./stack.js";
import { switchboardTarget } from "./targets/switchboard.js";

/**
 * `tsx src/perf-profile.ts [--seconds 10] [--stream] [--rate N]`: where the gateway's CPU goes, sampled
 * by Linux `perf` (every thread of the process, JIT frames named through --perf-basic-prof-only-functions),
 * while wrk saturates it (or paces one connection at N req/s). Writes results/perf-<kind>.md.
 *
 * Why not only `node --cpu-prof`: its sampler is a thread of the same process, so when the gateway is pinned
 * to one core it mostly runs while the main thread sleeps. At 200 req/s it reported the main thread 91 %
 * idle while /proc and perf both measured it 36 % busy; it also never sees time spent in V8's own threads
 * (concurrent marking, compilation). perf samples from the kernel, unbiased. Needs `perf` (Debian:
 * linux-perf; installed when missing and running as root).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== "--"),
    options: { seconds: { type: "string", default: "10" }, stream: { type: "boolean", default: false }, rate: { type: "string" }, out: { type: "string" } },
  });
  await ensurePerf();
  const outDir = path.resolve(values.out ?? path.join(BENCH_DIR, "results"));
  const seconds = Number(values.seconds);
  const rate = values.rate ? Number(values.rate) : 0;
  const load = rate ? { connections: 1, rate } : { connections: 50 };
  const kind = (values.stream ? "stream" : "nonstream") + (rate ? `-${rate}rps` : "");
  await pinPid(process.pid, LOAD_CORE).catch(() => {});
  const stack = await startStack({ streamChunks: 50, log: () => {} });
  try {
    const sb = await switchboardTarget.start({ stack, log: console.log, nodeFlags: ["--perf-basic-prof-only-functions"] });
    const spec = { url: `${sb.baseUrl}/chat/completions`, headers: { ...JSON_HEADERS, ...sb.headers }, bodies: [values.stream ? STREAM_BODY : NON_STREAM_BODY] };
    await runWrk(spec, { ...load, durationS: 5, tmpDir: stack.tmpDir });
    const data = path.join(stack.tmpDir, "perf.data");
    // perf starts a second into the load and stops a second before its end: no ramp-up or ramp-down in the samples.
    const loadRun = runWrk(spec, { ...load, durationS: seconds + 2, tmpDir: stack.tmpDir });
    await new Promise((r) => setTimeout(r, 1000));
    await runQuiet("perf", ["record", "-F", "999", "-p", String(sb.pid), "-o", data, "--", "sleep", String(seconds)], { timeoutMs: (seconds + 60) * 1000 });
    const r = await loadRun;
    const report = (sort: string) => runQuiet("perf", ["report", "-i", data, "--no-children", "--sort", sort, "--stdio"], { timeoutMs: 120_000 });
    const rows = (text: string, n: number) =>
      text
        .split("\n")
        .filter((l) => /^\s+\d+\.\d+%/.test(l))
        .slice(0, n)
        .map((l) => {
          const m = /^\s+(\d+\.\d+)%\s+(.*)$/.exec(l)!;
          return `| ${m[2]!.trim().replace(/\|/g, "\\|").replace(/^\[\.\] /, "").slice(0, 160)} | ${m[1]}% |`;
        });
    const symbols = await report("sym");
    const md = [
      `## Switchboard under perf, ${kind}, ${load.connections} connection(s), ${seconds} s (${r.rps.toFixed(0)} req/s; ${new Date().toISOString()})`,
      "",
      "Share of all CPU samples of the gateway process (every thread). `JS:*name` is optimised JavaScript, `JS:^name` baseline code, `Builtins_*` V8's built-in code, `v8::internal::*` the engine (Scavenger = young-generation GC, ConcurrentMarking/Sweeper = old-generation GC), `[k]` the kernel.",
      "",
      "### By binary",
      "",
      "| Binary | Share |",
      "| --- | --- |",
      ...rows(await report("dso"), 8),
      "",
      "### By kind of work",
      "",
      "| Kind | Share |",
      "| --- | --- |",
      ...categories(symbols),
      "",
      "### Top symbols",
      "",
      "| Symbol | Share |",
      "| --- | --- |",
      ...rows(symbols, 50),
      "",
    ].join("\n");
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, `perf-${kind}.md`), md);
    console.log(md);
  } finally {
    await stopAllProcs();
    await stack.stop();
  }
}

/** Symbols grouped by what they do (first matching pattern wins). */
const KINDS: Array<[string, RegExp]> = [
  ["garbage collection (young and old generation, sweeping)", /Scaveng|Marking|Sweep|Heap::|MemoryChunk|Evacuat|RememberedSet|FreeList|Compactor|SizeFromMap|IterateAndScavenge|IteratePointers|ShouldVisit|PostGarbageCollection/],
  ["property access misses (inline caches, map transitions)", /IC(_|Trampoline|Baseline|$)|LoadIC|StoreIC|LookupIterator|StubCache|MigrateToMap|Transition|FeedbackNexus|DefineNamedOwn|CreateDataProperty|FetchValue|AddDataProperty/],
  ["JSON parse and stringify", /Json/],
  ["strings (hashing, flattening, UTF-8)", /String|Utf8|utf8|ucnv/],
  ["optimised and baseline JavaScript (JS:)", /^JS:/],
  ["kernel (syscalls, network, scheduling)", /^\[k\]/],
  ["malloc and memcpy (libc)", /malloc|free|memmove|memcpy|memset/],
  ["other V8 builtins", /^Builtins_/],
  ["compiler (TurboFan, Sparkplug)", /compiler::|Compile|Baseline/],
];

function categories(perfReport: string): string[] {
  const totals = new Map<string, number>();
  for (const line of perfReport.split("\n")) {
    const m = /^\s+(\d+\.\d+)%\s+(?:\[\.\] )?(.*)$/.exec(line);
    if (!m) continue;
    const name = m[2]!.trim();
    const kind = KINDS.find(([, re]) => re.test(name))?.[0] ?? "other (libuv, llhttp, V8 runtime)";
    totals.set(kind, (totals.get(kind) ?? 0) + Number(m[1]));
  }
  return [...totals].sort((a, b) => b[1] - a[1]).map(([k, v]) => `| ${k} | ${v.toFixed(1)}% |`);
}

function ensurePerf(): Promise<void> {
  return ensureAptPackage("linux-perf", () =>
    runQuiet("perf", ["--version"]).then(
      () => true,
      () => false,
    ),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
