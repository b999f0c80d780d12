import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { BENCH_DIR, defaultConfig, LOAD_CORE } from "./config.js";
import { runWrk } from "./load/wrk.js";
import { profileMarkdown, summariseCpuProfile } from "./metrics/cpu-profile.js";
import { heapMarkdown, summariseHeapSnapshot } from "./metrics/heap-snapshot.js";
import { readRssBytes } from "./metrics/proc-stats.js";
import { JSON_HEADERS, NON_STREAM_BODY, STREAM_BODY } from "./payloads.js";
import { pinPid, sleep, stopAllProcs } from "./procs.js";
import { startStack } from "./stack.js";
import { switchboardTarget } from "./targets/switchboard.js";

/**
 * `tsx src/profile.ts [--seconds 20] [--stream] [--heap] [--rate 200]`: Switchboard at saturation under `node --cpu-prof`
 * (self time mapped to the TypeScript sources), or with `--heap` a V8 heap snapshot taken right after the load,
 * grouped by constructor. Writes profile-*.md (and the raw .cpuprofile) into bench/results. `--rate N` paces
 * one connection at N req/s instead of saturating 50 (where the per-request cost of a quiet gateway goes).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { seconds: { type: "string", default: "20" }, stream: { type: "boolean", default: false }, heap: { type: "boolean", default: false }, out: { type: "string" }, rate: { type: "string" } },
  });
  const outDir = path.resolve(values.out ?? path.join(BENCH_DIR, "results"));
  const cfg = defaultConfig("full", outDir);
  await pinPid(process.pid, LOAD_CORE).catch(() => {});
  const stack = await startStack({ streamChunks: cfg.streamChunks, log: console.log });
  const profDir = path.join(stack.tmpDir, "prof");
  fs.mkdirSync(profDir, { recursive: true });
  const rate = values.rate ? Number(values.rate) : 0;
  const load = rate ? { connections: 1, rate } : { connections: cfg.connections };
  const kind = (values.stream ? "stream" : "nonstream") + (rate ? `-${rate}rps` : "");
  const flags = values.heap ? ["--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${profDir}`] : ["--cpu-prof", `--cpu-prof-dir=${profDir}`];
  try {
    const spawnedAt = Date.now();
    const sb = await switchboardTarget.start({ stack, log: console.log, nodeFlags: flags });
    const spec = { url: `${sb.baseUrl}/chat/completions`, headers: { ...JSON_HEADERS, ...sb.headers }, bodies: [values.stream ? STREAM_BODY : NON_STREAM_BODY] };
    await runWrk(spec, { ...load, durationS: 5, tmpDir: stack.tmpDir });
    const skipFirstMs = Date.now() - spawnedAt;
    const r = await runWrk(spec, { ...load, durationS: Number(values.seconds), tmpDir: stack.tmpDir });
    const rssMB = (readRssBytes(sb.pid) ?? 0) / 2 ** 20;
    console.log(`${r.rps.toFixed(0)} req/s, ${r.errors} errors, RSS ${rssMB.toFixed(1)} MB after the load`);
    fs.mkdirSync(outDir, { recursive: true });
    let md: string;
    if (values.heap) {
      process.kill(sb.pid, "SIGUSR2");
      const file = await waitForFile(profDir, ".heapsnapshot");
      md = heapMarkdown(`Switchboard heap right after ${values.seconds} s of ${kind} load (${r.rps.toFixed(0)} req/s; RSS ${rssMB.toFixed(1)} MB)`, summariseHeapSnapshot(file));
      await sb.stop();
      fs.writeFileSync(path.join(outDir, `heap-${kind}.md`), md);
    } else {
      await sb.stop();
      const file = await waitForFile(profDir, ".cpuprofile");
      const kept = path.join(outDir, `switchboard-${kind}.cpuprofile`);
      fs.copyFileSync(file, kept);
      md = profileMarkdown(
        `Switchboard CPU profile, ${kind}, ${load.connections} connection(s), ${values.seconds} s (${r.rps.toFixed(0)} req/s under the profiler; start-up and 5 s warm-up excluded)`,
        summariseCpuProfile(kept, { skipFirstMs }),
      );
      fs.writeFileSync(path.join(outDir, `profile-${kind}.md`), md);
    }
    console.log(md);
  } finally {
    await stopAllProcs();
    await stack.stop();
  }
}

/** The newest file with this extension once its size stops changing (V8 writes snapshots incrementally). */
async function waitForFile(dir: string, ext: string, timeoutMs = 120_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let lastSize = -1;
  while (Date.now() < deadline) {
    const f = fs.readdirSync(dir).find((x) => x.endsWith(ext));
    if (f) {
      const size = fs.statSync(path.join(dir, f)).size;
      if (size > 0 && size === lastSize) return path.join(dir, f);
      lastSize = size;
    }
    await sleep(500);
  }
  throw new Error(`no ${ext} written in ${dir}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
