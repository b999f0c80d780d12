import { parseArgs } from "node:util";
import { readCpuSeconds, readRssBytes } from "./metrics/proc-stats.js";
import { runStreamsAtRate } from "./load/stream-probe.js";
import { runWrk } from "./load/wrk.js";
import { JSON_HEADERS, MOCK_AUTH, NON_STREAM_BODY, STREAM_BODY } from "./payloads.js";
import { stopAllProcs } from "./procs.js";
import { startStack } from "./stack.js";
import { switchboardTarget } from "./targets/switchboard.js";

/**
 * `tsx src/quick.ts [--seconds 8] [--rounds 2] [--node-flags "..."] [--latency]`: Switchboard alone at saturation,
 * non-streaming then streaming, reporting CPU per request of the gateway and of Redis. CPU per request
 * is the figure to compare between two builds on a shared machine (throughput moves with other load;
 * CPU time spent per request much less). A minute instead of the full run's twenty.
 * `--latency`: instead, added latency on one connection at 200 req/s (non-streaming, and a stream's first
 * byte), mock and Switchboard in turn, each round.
 */
const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"), // pnpm passes the "--" through
  options: { seconds: { type: "string", default: "8" }, rounds: { type: "string", default: "2" }, "node-flags": { type: "string", default: "" }, latency: { type: "boolean", default: false } },
});
const seconds = Number(values.seconds);
const stack = await startStack({ streamChunks: 50, log: () => {} });
try {
  const flags = values["node-flags"] ? values["node-flags"].split(" ") : [];
  const sb = await switchboardTarget.start({ stack, log: console.log, nodeFlags: flags });
  if (values.latency) {
    const at200 = (url: string, headers: Record<string, string>) =>
      runWrk({ url, headers: { ...JSON_HEADERS, ...headers }, bodies: [NON_STREAM_BODY] }, { connections: 1, durationS: seconds, rate: 200, tmpDir: stack.tmpDir });
    await at200(`${sb.baseUrl}/chat/completions`, sb.headers);
    const idle0 = readCpuSeconds(sb.pid);
    await new Promise((r) => setTimeout(r, 5000));
    console.log(`idle: ${(((readCpuSeconds(sb.pid) - idle0) / 5) * 1000).toFixed(1)} ms CPU per second`);
    for (let i = 0; i < Number(values.rounds); i++) {
      const mock0 = readCpuSeconds(stack.mock.proc.pid);
      const m = await at200(`${stack.mock.url}/v1/chat/completions`, MOCK_AUTH);
      const mock = m.latencyUs;
      const mockCpuUs = ((readCpuSeconds(stack.mock.proc.pid) - mock0) / m.requests) * 1e6;
      const cpu0 = readCpuSeconds(sb.pid);
      const r = await at200(`${sb.baseUrl}/chat/completions`, sb.headers);
      const gw = r.latencyUs;
      const cpuUs = ((readCpuSeconds(sb.pid) - cpu0) / r.requests) * 1e6;
      const ms = (us: number) => (us / 1000).toFixed(3);
      console.log(
        `@200 req/s, 1 connection: mock p50/p90/p99 ${ms(mock.p50)}/${ms(mock.p90)}/${ms(mock.p99)} ms (${mockCpuUs.toFixed(0)} µs CPU/req), switchboard ${ms(gw.p50)}/${ms(gw.p90)}/${ms(gw.p99)} ms (${cpuUs.toFixed(0)} µs CPU/req), added p50 ${ms(gw.p50 - mock.p50)} p99 ${ms(gw.p99 - mock.p99)} ms`,
      );
      const ttfb = async (url: string, headers: Record<string, string>) =>
        (await runStreamsAtRate({ url, headers: { ...JSON_HEADERS, ...headers }, body: STREAM_BODY }, { rps: 200, connections: 1, durationS: seconds })).ttfbUs;
      const mt = await ttfb(`${stack.mock.url}/v1/chat/completions`, MOCK_AUTH);
      const gt = await ttfb(`${sb.baseUrl}/chat/completions`, sb.headers);
      console.log(`@200 req/s, 1 connection, stream TTFB: mock p50/p99 ${ms(mt.p50)}/${ms(mt.p99)} ms, switchboard ${ms(gt.p50)}/${ms(gt.p99)} ms, added p50 ${ms(gt.p50 - mt.p50)} ms`);
    }
  }
  for (const stream of values.latency ? [] : [false, true]) {
    const spec = { url: `${sb.baseUrl}/chat/completions`, headers: { ...JSON_HEADERS, ...sb.headers }, bodies: [stream ? STREAM_BODY : NON_STREAM_BODY] };
    await runWrk(spec, { connections: 50, durationS: 4, tmpDir: stack.tmpDir });
    for (let i = 0; i < Number(values.rounds); i++) {
      const gw0 = readCpuSeconds(sb.pid);
      const redis0 = readCpuSeconds(stack.redis.pid);
      const r = await runWrk(spec, { connections: 50, durationS: seconds, tmpDir: stack.tmpDir });
      const n = r.requests;
      const us = (cpu: number) => ((cpu / n) * 1e6).toFixed(0);
      console.log(
        `${stream ? "stream" : "json  "} ${r.rps.toFixed(0)} req/s, gateway ${us(readCpuSeconds(sb.pid) - gw0)} µs/req, redis ${us(readCpuSeconds(stack.redis.pid) - redis0)} µs/req, RSS ${((readRssBytes(sb.pid) ?? 0) / 2 ** 20).toFixed(0)} MB, errors ${r.errors}`,
      );
    }
  }
} finally {
  await stopAllProcs();
  await stack.stop();
}
