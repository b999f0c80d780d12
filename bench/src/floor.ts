import path from "node:path";
import { getFreePort } from "@switchboard/devstack";
import { BENCH_DIR, REPO_DIR, SUT_CORE } from "./config.js";
import { runWrk } from "./load/wrk.js";
import { JSON_HEADERS, MOCK_AUTH, NON_STREAM_BODY } from "./payloads.js";
import { spawnPinned, stopAllProcs, waitForListen } from "./procs.js";
import { startStack } from "./stack.js";
import { startNginxProxy } from "./floor-nginx.js";

/**
 * `tsx src/floor.ts`: saturation throughput of the smallest possible Node proxy (src/floor-proxy.mjs) on the
 * gateway's core, against the same mock, with wrk as in the full run: without Redis, with one Redis EVAL per
 * request, and with that EVAL auto-pipelined; and each one's added latency on one connection at 200 req/s (also with
 * the EVAL alongside the upstream call). What any Node gateway pays per request before doing anything. Last, nginx
 * as the same kind of proxy: what the machine's hops cost without Node.
 */
const stack = await startStack({ streamChunks: 50, log: () => {} });
try {
  const variants = [
    ["0", "0", "0", "no Redis"],
    ["1", "0", "0", "one Redis EVAL per request"],
    ["1", "1", "0", "one Redis EVAL, auto-pipelined"],
    ["1", "1", "1", "one Redis EVAL alongside the upstream call"],
  ] as const;
  const at200 = (url: string) => runWrk({ url, headers: { ...JSON_HEADERS, ...MOCK_AUTH }, bodies: [NON_STREAM_BODY] }, { connections: 1, durationS: 10, rate: 200, tmpDir: stack.tmpDir });
  const ms = (us: number) => (us / 1000).toFixed(3);
  const measure = async (label: string, port: number) => {
    const spec = { url: `http://127.0.0.1:${port}/v1/chat/completions`, headers: { ...JSON_HEADERS, ...MOCK_AUTH }, bodies: [NON_STREAM_BODY] };
    await runWrk(spec, { connections: 50, durationS: 3, tmpDir: stack.tmpDir });
    const r = await runWrk(spec, { connections: 50, durationS: 10, tmpDir: stack.tmpDir });
    const mock = (await at200(`${stack.mock.url}/v1/chat/completions`)).latencyUs;
    const lat = (await at200(spec.url)).latencyUs;
    console.log(
      `${label}: ${r.rps.toFixed(0)} req/s (${(1e6 / r.rps).toFixed(0)} µs per request on one core), ${r.errors} errors; ` +
        `@200 req/s on one connection p50/p99 ${ms(lat.p50)}/${ms(lat.p99)} ms, added over the mock ${ms(lat.p50 - mock.p50)}/${ms(lat.p99 - mock.p99)} ms`,
    );
  };
  for (const [withRedis, autoPipeline, parallel, label] of variants) {
    const port = await getFreePort();
    const env = { PATH: process.env.PATH, PORT: String(port), UPSTREAM_URL: stack.mock.url, REDIS_URL: stack.redis.url, WITH_REDIS: withRedis, AUTO_PIPELINE: autoPipeline, PARALLEL: parallel, RESOLVE_FROM: path.join(REPO_DIR, "apps/gateway/package.json") };
    const proc = spawnPinned("floor", SUT_CORE, process.execPath, [path.join(BENCH_DIR, "src/floor-proxy.mjs")], { env, logDir: stack.logDir });
    await waitForListen(port, proc);
    await measure(`floor proxy, ${label}`, port);
    await proc.stop();
  }
  // The same two hops through a C proxy: what the machine itself charges (see floor-nginx.ts).
  const port = await getFreePort();
  const nginx = await startNginxProxy({ port, upstreamUrl: stack.mock.url, dir: path.join(stack.tmpDir, "nginx"), logDir: stack.logDir });
  await waitForListen(port, nginx);
  await measure("nginx reverse proxy (C), for calibration", port);
  await nginx.stop();
} finally {
  await stopAllProcs();
  await stack.stop();
}
