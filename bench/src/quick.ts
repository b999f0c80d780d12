import { parseArgs } from "node:util";
import { readCpuSeconds, readRssBytes } from "./metrics/proc-stats.js";
import { runWrk } from "./load/wrk.js";
import { JSON_HEADERS, NON_STREAM_BODY, STREAM_BODY } from "./payloads.js";
import { stopAllProcs } from "./procs.js";
import { startStack } from "./stack.js";
import { switchboardTarget } from "./targets/switchboard.js";

/**
 * `tsx src/quick.ts [--seconds 8] [--rounds 2] [--node-flags "..."]`: Switchboard alone at saturation,
 * non-streaming then streaming, reporting CPU per request of the gateway and of Redis. CPU per request
 * is the figure to compare between two builds on a shared machine (throughput moves with other load;
 * CPU time spent per request much less). A minute instead of the full run's twenty.
 */
const { values } = parseArgs({ options: { seconds: { type: "string", default: "8" }, rounds: { type: "string", default: "2" }, "node-flags": { type: "string", default: "" } } });
const seconds = Number(values.seconds);
const stack = await startStack({ streamChunks: 50, log: () => {} });
try {
  const flags = values["node-flags"] ? values["node-flags"].split(" ") : [];
  const sb = await switchboardTarget.start({ stack, log: console.log, nodeFlags: flags });
  for (const stream of [false, true]) {
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
