import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { BENCH_DIR, defaultConfig, LOAD_CORE } from "./config.js";
import { runWrk } from "./load/wrk.js";
import { profileMarkdown, summariseCpuProfile } from "./metrics/cpu-profile.js";
import { JSON_HEADERS, NON_STREAM_BODY, STREAM_BODY } from "./payloads.js";
import { pinPid, stopAllProcs } from "./procs.js";
import { startStack } from "./stack.js";
import { switchboardTarget } from "./targets/switchboard.js";

/**
 * `tsx src/profile.ts [--seconds 20] [--stream]`: Switchboard under saturation with `node --cpu-prof`;
 * writes the .cpuprofile and a self-time summary (mapped to the TypeScript sources) into bench/results.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: "string", default: "20" }, stream: { type: "boolean", default: false }, out: { type: "string" } } });
  const outDir = path.resolve(values.out ?? path.join(BENCH_DIR, "results"));
  const cfg = defaultConfig("full", outDir);
  await pinPid(process.pid, LOAD_CORE).catch(() => {});
  const stack = await startStack({ streamChunks: cfg.streamChunks, log: console.log });
  const profDir = path.join(stack.tmpDir, "prof");
  try {
    const spawnedAt = Date.now();
    const sb = await switchboardTarget.start({ stack, log: console.log, nodeFlags: ["--cpu-prof", `--cpu-prof-dir=${profDir}`] });
    const spec = { url: `${sb.baseUrl}/chat/completions`, headers: { ...JSON_HEADERS, ...sb.headers }, bodies: [values.stream ? STREAM_BODY : NON_STREAM_BODY] };
    await runWrk(spec, { connections: cfg.connections, durationS: 5, tmpDir: stack.tmpDir });
    const skipFirstMs = Date.now() - spawnedAt;
    const r = await runWrk(spec, { connections: cfg.connections, durationS: Number(values.seconds), tmpDir: stack.tmpDir });
    console.log(`${r.rps.toFixed(0)} req/s under the profiler, ${r.errors} errors`);
    await sb.stop();
    const file = fs.readdirSync(profDir).find((f) => f.endsWith(".cpuprofile"));
    if (!file) throw new Error("the gateway wrote no .cpuprofile");
    const kind = values.stream ? "stream" : "nonstream";
    fs.mkdirSync(outDir, { recursive: true });
    const kept = path.join(outDir, `switchboard-${kind}.cpuprofile`);
    fs.copyFileSync(path.join(profDir, file), kept);
    const md = profileMarkdown(`Switchboard CPU profile, ${kind}, ${cfg.connections} connections, ${values.seconds} s (${r.rps.toFixed(0)} req/s under the profiler; start-up and 5 s warm-up excluded)`, summariseCpuProfile(kept, { skipFirstMs }));
    fs.writeFileSync(path.join(outDir, `profile-${kind}.md`), md);
    console.log(md);
  } finally {
    await stopAllProcs();
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
