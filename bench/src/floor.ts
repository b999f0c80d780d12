import path from "node:path";
import { getFreePort } from "@switchboard/devstack";
import { BENCH_DIR, REPO_DIR, SUT_CORE } from "./config.js";
import { runWrk } from "./load/wrk.js";
import { JSON_HEADERS, NON_STREAM_BODY } from "./payloads.js";
import { spawnPinned, stopAllProcs, waitForListen } from "./procs.js";
import { startStack } from "./stack.js";

/**
 * `tsx src/floor.ts`: saturation throughput of the smallest possible Node proxy (src/floor-proxy.mjs) on the
 * gateway's core, against the same mock, with wrk as in the full run: without Redis, with one Redis EVAL per
 * request, and with that EVAL auto-pipelined. What any Node gateway pays per request before doing anything.
 */
const stack = await startStack({ streamChunks: 50, log: () => {} });
try {
  for (const [withRedis, autoPipeline, label] of [["0", "0", "no Redis"], ["1", "0", "one Redis EVAL per request"], ["1", "1", "one Redis EVAL, auto-pipelined"]] as const) {
    const port = await getFreePort();
    const env = { PATH: process.env.PATH, PORT: String(port), UPSTREAM_URL: stack.mock.url, REDIS_URL: stack.redis.url, WITH_REDIS: withRedis, AUTO_PIPELINE: autoPipeline, RESOLVE_FROM: path.join(REPO_DIR, "apps/gateway/package.json") };
    const proc = spawnPinned("floor", SUT_CORE, process.execPath, [path.join(BENCH_DIR, "src/floor-proxy.mjs")], { env, logDir: stack.logDir });
    await waitForListen(port, proc);
    const spec = { url: `http://127.0.0.1:${port}/v1/chat/completions`, headers: JSON_HEADERS, bodies: [NON_STREAM_BODY] };
    await runWrk(spec, { connections: 50, durationS: 3, tmpDir: stack.tmpDir });
    const r = await runWrk(spec, { connections: 50, durationS: 10, tmpDir: stack.tmpDir });
    console.log(`floor proxy, ${label}: ${r.rps.toFixed(0)} req/s (${(1e6 / r.rps).toFixed(0)} µs per request on one core), ${r.errors} errors`);
    await proc.stop();
  }
} finally {
  await stopAllProcs();
  await stack.stop();
}
